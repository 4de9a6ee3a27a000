package org.coloconsole.engine.qemu;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.cluster.PortPlan;

/**
 * The QMP sequences of COLO's procedures, as QEMU's COLO-FT.txt gives them (the golden tests
 * hold them to it). Deliberate differences: the {@code events} migration capability is turned on
 * with {@code x-colo} on both sides (COLO-FACTS §2: it adds MIGRATION and MIGRATION_PASS events),
 * and listeners bind the node's replication address instead of 0.0.0.0.
 */
public final class ColoQmp {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    private ColoQmp() {
    }

    /** Step 3 of the seed: the secondary's NBD server and COLO capability, before migrate. */
    public static List<ColoStep> prepareSecondary(NodeSpec secondary) {
        ObjectNode addr = obj("type", "inet");
        addr.set("data", obj("host", secondary.replicationAddress(), "port", Integer.toString(secondary.ports().nbd())));
        ObjectNode start = J.objectNode();
        start.set("addr", addr);
        // A re-run after a crash finds the NBD server or export already there: that is done.
        return List.of(
                coloCapabilities(),
                ColoStep.qmp(new QmpCall("nbd-server-start", start), "start the NBD server for the replicated disk")
                        .tolerating(ColoStep.Tolerate.ALREADY_THERE),
                ColoStep.qmp(new QmpCall("nbd-server-add", obj("device", "parent0").put("writable", true)),
                        "export parent0 writable over NBD").tolerating(ColoStep.Tolerate.ALREADY_THERE));
    }

    /** Step 4 of the seed: the replication child over NBD, then migrate into COLO. */
    public static List<ColoStep> startPrimary(NodeSpec secondary, int checkpointDelayMs) {
        List<ColoStep> steps = new ArrayList<>(addReplicationChild(secondary));
        steps.add(coloCapabilities());
        steps.add(ColoStep.qmp(checkpointDelay(checkpointDelayMs), "set the checkpoint interval"));
        steps.add(migrate(secondary));
        return steps;
    }

    /** The calls of a procedure, in order (benchmarks, dry runs, golden files). */
    public static List<QmpCall> calls(List<ColoStep> steps) {
        return steps.stream().map(ColoStep::call).toList();
    }

    public static QmpCall checkpointDelay(int ms) {
        return new QmpCall("migrate-set-parameters", J.objectNode().put("x-checkpoint-delay", ms));
    }

    /**
     * The yank instances (from {@code query-yank}) that talk to the peer: the COLO migration
     * stream, the NBD client of the replication child, and the chardevs that connect the two
     * nodes' proxies (mirror0 and compare1 on a primary, red0 and red1 on a secondary). Yanking
     * them shuts their sockets down at once, so a failover never waits for TCP to give up on a
     * peer whose packets are dropped (colod does the same). The node's own loopback chardevs
     * (compare0, compare_out) are never yanked.
     */
    public static ArrayNode peerYankInstances(com.fasterxml.jackson.databind.JsonNode queryYank) {
        ArrayNode out = J.arrayNode();
        for (com.fasterxml.jackson.databind.JsonNode i : queryYank) {
            String type = i.path("type").asText();
            if (type.equals("migration") || type.equals("block-node")
                    || (type.equals("chardev") && PEER_CHARDEVS.contains(i.path("id").asText()))) {
                out.add(i.deepCopy());
            }
        }
        return out;
    }

    private static final java.util.Set<String> PEER_CHARDEVS = java.util.Set.of("mirror0", "compare1", "red0", "red1");

    /** "Primary Failover": the secondary died; the primary drops replication and goes on alone. */
    public static List<ColoStep> failoverPrimary() {
        return List.of(
                ColoStep.qmp(detachReplicationChild(), "detach the replication child from colo-disk0"),
                ColoStep.hmp(hmp("drive_del replication0"), "HMP drive_del replication0"),
                removeObject("comp0"), removeObject("iothread1"), removeObject("m0"), removeObject("redire0"),
                removeObject("redire1"), takeOver());
    }

    private static ColoStep takeOver() {
        // A re-run finds the node already out of COLO: that is done.
        return ColoStep.qmp(new QmpCall("x-colo-lost-heartbeat", null), "take over (x-colo-lost-heartbeat)")
                .tolerating(ColoStep.Tolerate.ALREADY_OUT_OF_COLO);
    }

    private static ColoStep removeObject(String id) {
        return ColoStep.qmp(objectDel(id), "remove " + id);
    }

    /**
     * "Secondary Failover": the primary died; the secondary takes over and gets the primary-role
     * chardevs so it can later become the primary of a new pair.
     */
    public static List<ColoStep> failoverSecondary(NodeSpec survivor) {
        PortPlan p = survivor.ports();
        String a = survivor.replicationAddress();
        return List.of(
                ColoStep.qmp(new QmpCall("nbd-server-stop", null), "stop the NBD server")
                        .tolerating(ColoStep.Tolerate.ALREADY_OUT_OF_COLO),
                takeOver(),
                removeObject("f2"), removeObject("f1"),
                ColoStep.qmp(new QmpCall("chardev-remove", obj("id", "red1")), "remove chardev red1"),
                ColoStep.qmp(new QmpCall("chardev-remove", obj("id", "red0")), "remove chardev red0"),
                socketChardev("mirror0", a, p.mirror(), true),
                socketChardev("compare1", a, p.compare1(), true),
                socketChardev("compare0", "127.0.0.1", p.compare0(), true),
                socketChardev("compare0-0", "127.0.0.1", p.compare0(), false),
                socketChardev("compare_out", "127.0.0.1", p.compareOut(), true),
                socketChardev("compare_out0", "127.0.0.1", p.compareOut(), false));
    }

    /** Resume, part 1: copy the whole disk to the new secondary (job "resync"). */
    public static QmpCall startResync(NodeSpec newSecondary) {
        return startResync(newSecondary, 0);
    }

    /** The same with a bandwidth cap in MiB/s (0: none), QEMU's {@code speed} in bytes/s. */
    public static QmpCall startResync(NodeSpec newSecondary, int mibPerSecond) {
        var args = obj("device", "colo-disk0", "job-id", "resync",
                "target", "nbd://" + newSecondary.replicationAddress() + ":" + newSecondary.ports().nbd() + "/parent0",
                "mode", "existing", "format", "raw", "sync", "full");
        if (mibPerSecond > 0) {
            args.put("speed", (long) mibPerSecond << 20);
        }
        return new QmpCall("drive-mirror", args);
    }

    /**
     * Resume, part 2, once the mirror is ready: freeze, take the point-in-time copy, re-arm
     * replication, the proxy and COLO. A primary that was a secondary before still has the
     * filter-rewriter rew0: the new filters go before it. Each step that changes the primary says
     * what takes it back: run newest first after a failure, they leave the primary running alone as
     * it was before the resume (a failed resume never leaves the only VM paused, nor half a proxy).
     */
    public static List<ColoStep> finishResume(NodeSpec newSecondary, boolean wasSecondary) {
        List<ColoStep> steps = new ArrayList<>();
        steps.add(ColoStep.qmp(new QmpCall("stop", null), "freeze the VM for the point-in-time copy")
                .undoneBy(new QmpCall("cont", null)));
        steps.add(ColoStep.qmp(new QmpCall("block-job-cancel", obj("device", "resync")),
                "end the mirror: the new secondary's disk is the point-in-time copy")
                .awaiting(ColoStep.Await.RESYNC_JOB_GONE));
        steps.addAll(addReplicationChild(newSecondary));
        steps.add(addObject(filter(obj("qom-type", "filter-mirror", "id", "m0"), wasSecondary,
                "netdev", "hn0", "queue", "tx", "outdev", "mirror0"), "mirror the guest's output to the secondary (m0)"));
        steps.add(addObject(filter(obj("qom-type", "filter-redirector", "id", "redire0"), wasSecondary,
                "netdev", "hn0", "queue", "rx", "indev", "compare_out"), "release compared packets to the clients (redire0)"));
        steps.add(addObject(filter(obj("qom-type", "filter-redirector", "id", "redire1"), wasSecondary,
                "netdev", "hn0", "queue", "rx", "outdev", "compare0"), "send the guest's output to colo-compare (redire1)"));
        steps.add(addObject(new QmpCall("object-add", obj("qom-type", "iothread", "id", "iothread1")),
                "the compare thread (iothread1)"));
        steps.add(addObject(new QmpCall("object-add", obj("qom-type", "colo-compare", "id", "comp0", "primary_in",
                "compare0-0", "secondary_in", "compare1", "outdev", "compare_out0", "iothread", "iothread1")),
                "compare both nodes' output (colo-compare comp0)"));
        steps.add(coloCapabilities());
        steps.add(migrate(newSecondary).undoneByLeavingMigration());
        return steps;
    }

    private static ColoStep addObject(QmpCall add, String title) {
        return ColoStep.qmp(add, title).undoneBy(objectDel(add.arguments().path("id").asText()));
    }

    private static List<ColoStep> addReplicationChild(NodeSpec secondary) {
        // A re-run finds the child attached: the drive_add is done (the attach then says so itself).
        return List.of(
                ColoStep.hmp(hmp("drive_add -n buddy driver=replication,mode=primary,file.driver=nbd,file.host="
                        + secondary.replicationAddress() + ",file.port=" + secondary.ports().nbd()
                        + ",file.export=parent0,node-name=replication0"), "HMP drive_add -n")
                        .undoneBy(hmp("drive_del replication0"))
                        .doneWhen(ColoStep.Already.REPLICATION_CHILD_ATTACHED),
                ColoStep.qmp(new QmpCall("x-blockdev-change", obj("parent", "colo-disk0", "node", "replication0")),
                        "attach the replication child to colo-disk0").undoneBy(detachReplicationChild()));
    }

    private static QmpCall detachReplicationChild() {
        return new QmpCall("x-blockdev-change", obj("parent", "colo-disk0", "child", "children.1"));
    }

    private static QmpCall filter(ObjectNode head, boolean beforeRewriter, String... kv) {
        if (beforeRewriter) {
            head.put("insert", "before").put("position", "id=rew0");
        }
        for (int i = 0; i < kv.length; i += 2) {
            head.put(kv[i], kv[i + 1]);
        }
        return new QmpCall("object-add", head);
    }

    private static ColoStep coloCapabilities() {
        return ColoStep.qmp(coloCapabilitiesCall(), "turn on COLO (x-colo) and migration events");
    }

    private static QmpCall coloCapabilitiesCall() {
        ArrayNode caps = J.arrayNode();
        caps.add(obj("capability", "x-colo").put("state", true));
        caps.add(obj("capability", "events").put("state", true));
        ObjectNode args = J.objectNode();
        args.set("capabilities", caps);
        return new QmpCall("migrate-set-capabilities", args);
    }

    private static ColoStep migrate(NodeSpec secondary) {
        return ColoStep.qmp(new QmpCall("migrate", obj("uri", "tcp:" + secondary.replicationAddress() + ":"
                + secondary.ports().migration())), "migrate into COLO").awaiting(ColoStep.Await.MIGRATION_IN_COLO);
    }

    private static QmpCall hmp(String line) {
        return new QmpCall("human-monitor-command", obj("command-line", line));
    }

    private static QmpCall objectDel(String id) {
        return new QmpCall("object-del", obj("id", id));
    }

    private static ColoStep socketChardev(String id, String host, int port, boolean server) {
        return ColoStep.qmp(socketChardevCall(id, host, port, server), "add chardev " + id + " for the primary role");
    }

    private static QmpCall socketChardevCall(String id, String host, int port, boolean server) {
        ObjectNode addr = obj("type", "inet");
        addr.set("data", obj("host", host, "port", Integer.toString(port)));
        ObjectNode data = J.objectNode();
        data.set("addr", addr);
        data.put("server", server);
        ObjectNode backend = obj("type", "socket");
        backend.set("data", data);
        ObjectNode args = obj("id", id);
        args.set("backend", backend);
        return new QmpCall("chardev-add", args);
    }

    private static ObjectNode obj(String... kv) {
        ObjectNode o = J.objectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.put(kv[i], kv[i + 1]);
        }
        return o;
    }

    /** For tests and dry runs: the calls as JSON lines. */
    public static List<String> json(List<ColoStep> steps) {
        return calls(steps).stream().map(QmpCall::toJson).toList();
    }
}
