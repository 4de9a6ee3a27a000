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
    public static List<QmpCall> prepareSecondary(NodeSpec secondary) {
        ObjectNode addr = obj("type", "inet");
        addr.set("data", obj("host", secondary.replicationAddress(), "port", Integer.toString(secondary.ports().nbd())));
        ObjectNode start = J.objectNode();
        start.set("addr", addr);
        return List.of(
                coloCapabilities(),
                new QmpCall("nbd-server-start", start),
                new QmpCall("nbd-server-add", obj("device", "parent0").put("writable", true)));
    }

    /** Step 4 of the seed: the replication child over NBD, then migrate into COLO. */
    public static List<QmpCall> startPrimary(NodeSpec secondary, int checkpointDelayMs) {
        List<QmpCall> calls = new ArrayList<>(addReplicationChild(secondary));
        calls.add(coloCapabilities());
        calls.add(checkpointDelay(checkpointDelayMs));
        calls.add(migrate(secondary));
        return calls;
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
    public static List<QmpCall> failoverPrimary() {
        return List.of(
                new QmpCall("x-blockdev-change", obj("parent", "colo-disk0", "child", "children.1")),
                hmp("drive_del replication0"),
                objectDel("comp0"), objectDel("iothread1"), objectDel("m0"), objectDel("redire0"), objectDel("redire1"),
                new QmpCall("x-colo-lost-heartbeat", null));
    }

    /**
     * "Secondary Failover": the primary died; the secondary takes over and gets the primary-role
     * chardevs so it can later become the primary of a new pair.
     */
    public static List<QmpCall> failoverSecondary(NodeSpec survivor) {
        PortPlan p = survivor.ports();
        String a = survivor.replicationAddress();
        return List.of(
                new QmpCall("nbd-server-stop", null),
                new QmpCall("x-colo-lost-heartbeat", null),
                objectDel("f2"), objectDel("f1"),
                new QmpCall("chardev-remove", obj("id", "red1")),
                new QmpCall("chardev-remove", obj("id", "red0")),
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
     * filter-rewriter rew0: the new filters go before it.
     */
    public static List<QmpCall> finishResume(NodeSpec newSecondary, boolean wasSecondary) {
        List<QmpCall> calls = new ArrayList<>();
        calls.add(new QmpCall("stop", null));
        calls.add(new QmpCall("block-job-cancel", obj("device", "resync")));
        calls.addAll(addReplicationChild(newSecondary));
        calls.add(filter(obj("qom-type", "filter-mirror", "id", "m0"), wasSecondary,
                "netdev", "hn0", "queue", "tx", "outdev", "mirror0"));
        calls.add(filter(obj("qom-type", "filter-redirector", "id", "redire0"), wasSecondary,
                "netdev", "hn0", "queue", "rx", "indev", "compare_out"));
        calls.add(filter(obj("qom-type", "filter-redirector", "id", "redire1"), wasSecondary,
                "netdev", "hn0", "queue", "rx", "outdev", "compare0"));
        calls.add(new QmpCall("object-add", obj("qom-type", "iothread", "id", "iothread1")));
        calls.add(new QmpCall("object-add", obj("qom-type", "colo-compare", "id", "comp0", "primary_in", "compare0-0",
                "secondary_in", "compare1", "outdev", "compare_out0", "iothread", "iothread1")));
        calls.add(coloCapabilities());
        calls.add(migrate(newSecondary));
        return calls;
    }

    private static List<QmpCall> addReplicationChild(NodeSpec secondary) {
        return List.of(
                hmp("drive_add -n buddy driver=replication,mode=primary,file.driver=nbd,file.host="
                        + secondary.replicationAddress() + ",file.port=" + secondary.ports().nbd()
                        + ",file.export=parent0,node-name=replication0"),
                new QmpCall("x-blockdev-change", obj("parent", "colo-disk0", "node", "replication0")));
    }

    /**
     * What takes a step of {@link #finishResume} back, or null when nothing needs to: the freeze
     * by {@code cont}; the replication child by removing it and deleting its drive; every object
     * added (filters, iothread, colo-compare) by deleting it. (The migration itself is taken back
     * by {@code Actions.leaveMigration}, which is more than one QMP call.) Run newest first, they leave the
     * primary running alone as it was before the resume.
     */
    public static QmpCall undoOf(QmpCall c) {
        return switch (c.command()) {
            case "stop" -> new QmpCall("cont", null);
            case "x-blockdev-change" -> c.arguments() != null && c.arguments().has("node")
                    ? new QmpCall("x-blockdev-change", obj("parent", "colo-disk0", "child", "children.1")) : null;
            case "human-monitor-command" -> c.arguments() != null
                    && c.arguments().path("command-line").asText().startsWith("drive_add") ? hmp("drive_del replication0") : null;
            case "object-add" -> objectDel(c.arguments().path("id").asText());
            default -> null;
        };
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

    private static QmpCall coloCapabilities() {
        ArrayNode caps = J.arrayNode();
        caps.add(obj("capability", "x-colo").put("state", true));
        caps.add(obj("capability", "events").put("state", true));
        ObjectNode args = J.objectNode();
        args.set("capabilities", caps);
        return new QmpCall("migrate-set-capabilities", args);
    }

    private static QmpCall migrate(NodeSpec secondary) {
        return new QmpCall("migrate", obj("uri", "tcp:" + secondary.replicationAddress() + ":" + secondary.ports().migration()));
    }

    private static QmpCall hmp(String line) {
        return new QmpCall("human-monitor-command", obj("command-line", line));
    }

    private static QmpCall objectDel(String id) {
        return new QmpCall("object-del", obj("id", id));
    }

    private static QmpCall socketChardev(String id, String host, int port, boolean server) {
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
    public static List<String> json(List<QmpCall> calls) {
        return calls.stream().map(QmpCall::toJson).toList();
    }
}
