package org.coloconsole.engine.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.remote.ssh.SshHost;
import org.coloconsole.engine.testing.SshdFixture;

/**
 * Running {@code true} n times on a loopback sshd: the engine's persistent session against what
 * an operator's script would do, the OpenSSH client multiplexed over a ControlMaster socket.
 * Target: engine ≥ 1.0 × the OpenSSH client.
 */
public final class SshBench {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/ssh.json");
        int n = Integer.getInteger("bench.ssh.n", 300);
        Path dir = Files.createTempDirectory("ssh-bench");
        try (SshdFixture sshd = SshdFixture.start(dir.resolve("sshd"));
             SshConnector connector = new SshConnector();
             SshHost host = connector.host(sshd.target())) {
            List<String> ssh = List.of("ssh", "-q", "-o", "BatchMode=yes", "-o", "ControlMaster=auto",
                    "-o", "ControlPath=" + dir.resolve("cm"), "-o", "ControlPersist=120",
                    "-o", "UserKnownHostsFile=" + sshd.knownHosts(), "-o", "StrictHostKeyChecking=yes",
                    "-i", sshd.userKey().toString(), "-p", Integer.toString(sshd.port()),
                    sshd.target().user() + "@127.0.0.1", "true");
            // Warm up: JIT, the engine's session, the ControlMaster.
            for (int i = 0; i < Math.max(20, n / 10); i++) {
                host.check(Command.of("true"));
                openssh(ssh);
            }
            int rounds = 3;
            double[] engine = new double[rounds];
            double[] cli = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    host.check(Command.of("true"));
                }
                engine[r] = n / ((System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    openssh(ssh);
                }
                cli[r] = n / ((System.nanoTime() - t0) / 1e9);
            }
            new ProcessBuilder("ssh", "-o", "ControlPath=" + dir.resolve("cm"), "-O", "exit", "x").start()
                    .waitFor(10, TimeUnit.SECONDS);
            ObjectNode result = BenchReport.object();
            result.put("n", n);
            result.put("rounds", rounds);
            double e = BenchReport.median(engine);
            double c = BenchReport.median(cli);
            result.put("engine_exec_per_s", Math.round(e * 10) / 10.0);
            result.put("openssh_cli_exec_per_s", Math.round(c * 10) / 10.0);
            result.put("ratio", Math.round(e / c * 1000) / 1000.0);
            result.put("target_ratio", 1.0);
            result.put("targets_met", e >= c);
            BenchReport.write(out, result);
        }
    }

    private static void openssh(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ssh failed: " + String.join(" ", cmd));
        }
    }
}
