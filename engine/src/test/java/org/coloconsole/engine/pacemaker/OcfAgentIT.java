package org.coloconsole.engine.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.coloconsole.engine.lab.LabProfile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell agent as Pacemaker runs it (OCF environment, exit codes), over the real coloctl: the
 * meta-data parses, validate-all names what is wrong, and monitor on a node whose QEMU does not run
 * says OCF_NOT_RUNNING (7).
 */
@Tag("integration")
class OcfAgentIT {
    @TempDir
    Path dir;

    private record Result(int code, String out) {
    }

    private Result agent(String action, Map<String, String> env) throws Exception {
        Path coloctl = dir.resolve("coloctl");
        Files.writeString(coloctl, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                + System.getProperty("java.class.path") + "' org.coloconsole.engine.cli.ColoCtl \"$@\"\n");
        coloctl.toFile().setExecutable(true);
        Path agent = Path.of("..", "installers", "ocf", "colo").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder(List.of(agent.toString(), action)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("COLOCTL", coloctl.toString());
        // The agent's runtime state goes to the node's /run; here, to the test's own dir.
        pb.environment().put("COLO_AGENT_RUN_DIR", dir.resolve("run").toString());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString()); // the resident agent's log
        pb.environment().put("OCF_RESKEY_resident", Boolean.toString(resident));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the agent hung on " + action);
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")));
    }

    /** Whether the shell sends its actions to the resident agent (OCF_RESKEY_resident). */
    private boolean resident;

    @Test
    void everyActionStartsItsOwnColoctl() throws Exception {
        resident = false;
        metaDataValidateAndMonitorAnswerAsOcfSays();
        assertTrue(!Files.exists(dir.resolve("run/agent.sock")), "resident=false starts no resident agent");
    }

    /**
     * The same answers from the resident agent, which the shell starts on first use. Its log names
     * each action it served; when it dies, the shell runs the action itself and starts a new one.
     */
    @Test
    void theResidentAgentServesTheSameActions() throws Exception {
        resident = true;
        try {
            metaDataValidateAndMonitorAnswerAsOcfSays();
            Path log = dir.resolve("state/colo-console/logs/coloctl-agent.0.log");
            String served = Files.readString(log);
            for (String action : List.of("validate-all", "monitor", "start", "promote", "stop", "notify")) {
                assertTrue(served.contains("INFO control.AgentServer: " + action + " "), action + " served by the resident agent: " + served);
            }
            long pid = residentPid();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            org.coloconsole.engine.testing.Waits.until(() -> ProcessHandle.of(pid).isEmpty(), java.time.Duration.ofSeconds(10),
                    "the resident agent " + pid + " to die");
            Result after = agent("validate-all", env);
            assertEquals(0, after.code(), "a dead resident agent: the shell runs the action itself: " + after.out());
            org.coloconsole.engine.testing.Waits.until(() -> residentPid() != pid, java.time.Duration.ofSeconds(20),
                    "a new resident agent");
        } finally {
            if (Files.exists(dir.resolve("run/agent.pid"))) {
                ProcessHandle.of(residentPid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private long residentPid() {
        try {
            return Long.parseLong(Files.readString(dir.resolve("run/agent.pid")).strip());
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The agent's answers to Pacemaker's actions on one node, its QEMU started and killed under it. */
    private Map<String, String> env;

    void metaDataValidateAndMonitorAnswerAsOcfSays() throws Exception {
        Result meta = agent("meta-data", Map.of("COLOCTL", "/nonexistent/coloctl")); // as hacluster: no coloctl needed
        assertEquals(0, meta.code(), meta.out());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // ra-api-1.dtd is Pacemaker's
        var doc = f.newDocumentBuilder()
                .parse(new ByteArrayInputStream(meta.out().strip().getBytes(StandardCharsets.UTF_8)));
        assertEquals("colo", doc.getDocumentElement().getAttribute("name"));
        assertEquals(4, doc.getElementsByTagName("parameter").getLength(), "pair, profile, coloctl, resident");

        Result unconfigured = agent("monitor", Map.of());
        assertEquals(6, unconfigured.code(), "OCF_ERR_CONFIGURED without pair and profile: " + unconfigured.out());

        // The loopback lab's pair with Pacemaker keys; its QEMUs are not started here.
        Path profile = dir.resolve("lab.yaml");
        String lab = LabProfile.yaml(LabProfile.defaultAssets(), dir.resolve("pair"), Path.of("/usr/sbin/fence_colo_lab"))
                .replace("    checkpointDelayMs:", "    pacemaker: {primaryNode: hosta, primaryRing: 127.0.0.1, secondaryNode: hostb, "
                        + "secondaryRing: 127.0.0.2, qdevice: 127.0.0.3}\n    checkpointDelayMs:");
        Files.writeString(profile, lab);
        env = Map.of("OCF_RESKEY_pair", "lab", "OCF_RESKEY_profile", profile.toString(),
                "OCF_RESKEY_CRM_meta_on_node", "hostb");
        Result valid = agent("validate-all", env);
        assertEquals(0, valid.code(), valid.out());
        if (resident) {
            // The first action started it; the rest go to it once it listens.
            org.coloconsole.engine.testing.Waits.until(() -> Files.exists(dir.resolve("run/agent.sock")),
                    java.time.Duration.ofSeconds(20), "the resident agent's socket");
        }
        Result monitor = agent("monitor", env);
        assertEquals(7, monitor.code(), "OCF_NOT_RUNNING: " + monitor.out());
        assertTrue(monitor.out().contains("no QEMU runs"), monitor.out());

        Result stranger = agent("validate-all", Map.of("OCF_RESKEY_pair", "lab", "OCF_RESKEY_profile", profile.toString(),
                "OCF_RESKEY_CRM_meta_on_node", "hostz"));
        assertEquals(6, stranger.code());
        assertTrue(stranger.out().contains("'hostz'") && stranger.out().contains("hosta"), stranger.out());

        // A real QEMU as hostb's node (its sockets and pid file where the profile says): running, not in COLO.
        var node = org.coloconsole.engine.cluster.ProfileLoader.load(profile).pairs().get(0).secondary();
        Files.createDirectories(Path.of(node.workDir()));
        Process qemu = new ProcessBuilder(List.of("qemu-system-x86_64", "-machine", "none", "-display", "none", "-nodefaults",
                "-qmp", "unix:" + node.qmpSocket() + ",server=on,wait=off",
                "-qmp", "unix:" + node.monitorSocket() + ",server=on,wait=off",
                "-qmp", "unix:" + node.agentSocket() + ",server=on,wait=off", "-pidfile", node.pidFile(), "-daemonize"))
                .redirectErrorStream(true).start();
        assertEquals(0, qemu.waitFor(), "QEMU started");
        long pid = Long.parseLong(Files.readString(Path.of(node.pidFile())).strip());
        try {
            Result running = agent("monitor", env);
            assertEquals(0, running.code(), "running, not in COLO yet: " + running.out());
            // The QEMU dies: the shell answers from its pid file, without a JVM (in milliseconds).
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            org.coloconsole.engine.testing.Waits.until(() -> !new org.coloconsole.engine.remote.LocalHost().isAlive(pid),
                    java.time.Duration.ofSeconds(10), "QEMU " + pid + " to die");
            long t0 = System.nanoTime();
            Result gone = agent("monitor", env);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(7, gone.code(), gone.out());
            assertTrue(gone.out().contains("pid file names no live process"), "answered by the shell: " + gone.out());
            System.out.println("[ocf] monitor of a dead QEMU answered in " + ms + " ms");
            Result stop = agent("stop", env);
            assertEquals(0, stop.code(), stop.out());
            // A zombie waiting for its reaper counts as gone (the engine's own check, ps stat).
            assertTrue(!new org.coloconsole.engine.remote.LocalHost().isAlive(pid), "this node's QEMU is gone: " + stop.out());
            Result stopped = agent("monitor", env);
            assertEquals(7, stopped.code(), stopped.out());
            assertEquals(0, agent("stop", env).code(), "stopping a stopped node succeeds");
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }

        // Neither node runs: a start waits for a promoted peer (it has no copy of the guest to offer),
        // says so in monitor, cannot be promoted, and forgets it when stopped.
        Result start = agent("start", env);
        assertEquals(0, start.code(), start.out());
        assertTrue(start.out().contains("waiting for a promoted peer"), start.out());
        Result waiting = agent("monitor", env);
        assertEquals(0, waiting.code(), waiting.out());
        assertTrue(waiting.out().contains("waiting for a promoted peer"), waiting.out());
        Result promote = agent("promote", env);
        assertEquals(1, promote.code(), "nothing to promote here: " + promote.out());
        assertTrue(promote.out().contains("no QEMU runs here"), promote.out());
        assertEquals(0, agent("demote", env).code(), "demoting a node that is not promoted succeeds");
        Map<String, String> notifyEnv = new java.util.HashMap<>(env);
        notifyEnv.putAll(Map.of("OCF_RESKEY_CRM_meta_notify_type", "pre", "OCF_RESKEY_CRM_meta_notify_operation", "promote",
                "OCF_RESKEY_CRM_meta_notify_promote_uname", "hosta"));
        Result pre = agent("notify", notifyEnv);
        assertEquals(0, pre.code(), pre.out());
        assertEquals("", pre.out().strip(), "a notification that asks for no work is answered by the shell (no JVM)");
        notifyEnv.put("OCF_RESKEY_CRM_meta_notify_type", "post");
        Result post = agent("notify", notifyEnv);
        assertEquals(0, post.code(), post.out());
        assertTrue(post.out().contains("waiting for a promoted peer"), "hosta promoted but not running: still waiting: " + post.out());
        assertEquals(0, agent("stop", env).code());
        assertEquals(7, agent("monitor", env).code(), "stopped: the waiting is forgotten");
    }
}
