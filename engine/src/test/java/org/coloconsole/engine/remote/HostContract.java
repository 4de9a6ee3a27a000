package org.coloconsole.engine.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.coloconsole.engine.qmp.QmpClient;
import org.coloconsole.engine.qmp.QmpOptions;
import org.coloconsole.engine.testing.RequiredTool;
import org.coloconsole.engine.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link Host} must do, run against each implementation with real processes. */
@Timeout(120)
abstract class HostContract {

    @TempDir
    Path dir;

    abstract Host host();

    @Test
    void reportsExitCodesAndOutput() {
        CommandResult ok = host().run(Command.of("sh", "-c", "echo out; echo err >&2; exit 0"));
        assertEquals(0, ok.exitCode());
        assertEquals("out\n", ok.stdout());
        assertEquals("err\n", ok.stderr());
        assertEquals(3, host().run(Command.of("sh", "-c", "exit 3")).exitCode());
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> host().check(Command.of("ls", dir.resolve("nope").toString())));
        assertTrue(e.getMessage().contains(host().name()) && e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void streamsAHundredThousandLinesWithNoneLost() {
        AtomicLong count = new AtomicLong();
        AtomicLong sum = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        CommandResult r = host().check(Command.of("seq", "1", "100000").withListener(new OutputListener() {
            @Override
            public void stdout(String line) {
                long n = Long.parseLong(line);
                if (n != count.incrementAndGet()) {
                    outOfOrder.incrementAndGet();
                }
                sum.addAndGet(n);
            }
        }));
        assertEquals(100_000, count.get());
        assertEquals(100_000L * 100_001 / 2, sum.get());
        assertEquals(0, outOfOrder.get());
        assertTrue(r.stdout().endsWith("100000\n"));
    }

    @Test
    void aTimeoutKillsTheCommandAndItsChildren() throws Exception {
        Path pidFile = dir.resolve("pid");
        String marker = "sleep 97." + ProcessHandle.current().pid();
        long t0 = System.nanoTime();
        CommandTimeoutException e = assertThrows(CommandTimeoutException.class, () -> host().run(
                Command.of("sh", "-c", "echo $$ > " + pidFile + "; " + marker + "; echo never")
                        .withTimeout(Duration.ofMillis(1500))));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(15).toNanos(), "the timeout was not prompt");
        assertTrue(e.getMessage().contains("1500 ms"), e.getMessage());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        Waits.until(() -> !host().isAlive(pid), Duration.ofSeconds(10), "the timed-out shell to die");
        // "[s]leep" matches the child but not the command lines that carry the pattern itself.
        Waits.until(() -> !host().run(Command.of("pgrep", "-f", "[s]" + marker.substring(1))).ok(), Duration.ofSeconds(10),
                "its child '" + marker + "' to die");
    }

    @Test
    void cancelKillsTheCommandAndAwaitSaysSo() throws Exception {
        Path pidFile = dir.resolve("cpid");
        RunningCommand running = host().start(Command.of("sh", "-c", "echo $$ > " + pidFile + "; sleep 45; echo never")
                .withTimeout(Duration.ofSeconds(60)));
        Waits.until(() -> Files.exists(pidFile) && !readQuietly(pidFile).isBlank(), Duration.ofSeconds(10), "the command to start");
        long pid = Long.parseLong(readQuietly(pidFile).strip());
        long t0 = System.nanoTime();
        running.cancel();
        CommandCancelledException e = assertThrows(CommandCancelledException.class, running::await);
        assertTrue(e.getMessage().contains("sleep 45"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "cancel was not prompt");
        Waits.until(() -> !host().isAlive(pid), Duration.ofSeconds(10), "the cancelled command to die");
    }

    @Test
    void stopFallsBackToSigkillForAProcessThatIgnoresSigterm() {
        long pid = host().startDetached(List.of("sh", "-c", "trap '' TERM; while :; do sleep 1; done"),
                dir.resolve("stubborn.log").toString());
        assertTrue(host().isAlive(pid));
        assertTrue(host().stop(pid, Duration.ofMillis(700)), "stop should report that it had to SIGKILL");
        assertFalse(host().isAlive(pid));
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void hostileArgumentsArriveByteForByteAndExecuteNothing() {
        Path pwned = dir.resolve("pwned");
        List<String> args = List.of(
                "it's", "\"double\"", "$(touch " + pwned + ")", "`touch " + pwned + "`", "a; touch " + pwned,
                "x && touch " + pwned, "line1\nline2", "  spaced  out  ", "tab\there", "Grüße ✓ 日本語",
                "\\back\\slash", "*", "$HOME", "${PATH}", "!!", "-n", "", "'", "''", "|", ">" + pwned);
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(args);
        CommandResult r = host().check(Command.of(argv));
        StringBuilder expected = new StringBuilder();
        for (String a : args) {
            expected.append(a).append('\0');
        }
        assertArrayEquals(expected.toString().getBytes(StandardCharsets.UTF_8), r.stdout().getBytes(StandardCharsets.UTF_8));
        assertFalse(Files.exists(pwned), "an argument was executed by a shell");
    }

    @Test
    void smallFileOperations() {
        String sub = dir.resolve("a b/c'd").toString();
        host().mkdirs(sub);
        String file = sub + "/f.bin";
        byte[] content = "héllo\r\nwörld\n\tend".getBytes(StandardCharsets.UTF_8);
        assertFalse(host().exists(file));
        assertTrue(host().size(file).isEmpty());
        host().write(file, content);
        assertTrue(host().exists(file));
        assertEquals(content.length, host().size(file).orElseThrow());
        assertArrayEquals(content, host().read(file, 1024));
        host().remove(file);
        assertFalse(host().exists(file));
    }

    @Test
    void startsQemuDetachedReachesItsQmpThroughATunnelAndStopsIt() throws Exception {
        Path qemu = RequiredTool.qemuSystem();
        String sock = dir.resolve("qmp.sock").toString();
        long pid = host().startDetached(List.of(qemu.toString(), "-machine", "none", "-nodefaults", "-display", "none",
                "-qmp", "unix:" + sock + ",server=on,wait=off"), dir.resolve("qemu.log").toString());
        try {
            assertTrue(host().isAlive(pid));
            Waits.until(() -> host().exists(sock), Duration.ofSeconds(20), "QEMU's QMP socket");
            try (Tunnel t = host().tunnelToUnixSocket(sock);
                 QmpClient qmp = QmpClient.open(t.endpoint(), QmpOptions.defaults())) {
                assertEquals("running", qmp.call("query-status", null).get("status").asText());
                assertTrue(qmp.greeting().version().major() >= 7);
            }
            assertFalse(host().stop(pid, Duration.ofSeconds(10)), "QEMU should end on SIGTERM");
            assertFalse(host().isAlive(pid));
        } finally {
            if (host().isAlive(pid)) {
                host().stop(pid, Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void reachesALoopbackTcpPortThroughATunnel() throws Exception {
        Path qemu = RequiredTool.qemuSystem();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        long pid = host().startDetached(List.of(qemu.toString(), "-machine", "none", "-nodefaults", "-display", "none",
                "-qmp", "tcp:127.0.0.1:" + port + ",server=on,wait=off"), dir.resolve("qemu-tcp.log").toString());
        try (Tunnel t = host().tunnelToLoopbackPort(port)) {
            QmpClient qmp = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (qmp == null) {
                try {
                    qmp = QmpClient.open(t.endpoint(), QmpOptions.defaults().withGreetingTimeout(Duration.ofSeconds(2)));
                } catch (RuntimeException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    Thread.onSpinWait();
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
                }
            }
            try (QmpClient c = qmp) {
                assertEquals("running", c.call("query-status", null).get("status").asText());
            }
        } finally {
            host().stop(pid, Duration.ofSeconds(5));
        }
    }

    /**
     * A client that shuts its output down after the request (an HTTP/1.0 client, nc) still gets
     * the whole answer: the tunnel passes the half-close on instead of closing both ways.
     */
    @Test
    void aHalfClosingClientGetsTheWholeAnswerThroughATunnel() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Thread answerer = new Thread(() -> {
                try (java.net.Socket s = server.accept()) {
                    byte[] request = s.getInputStream().readAllBytes(); // until the client's EOF
                    s.getOutputStream().write(("got " + request.length + " bytes; here is the answer").getBytes());
                } catch (java.io.IOException ignored) {
                    // the assertion below says what went wrong
                }
            }, "half-close answerer");
            answerer.setDaemon(true);
            answerer.start();
            try (Tunnel t = host().tunnelToPort("127.0.0.1", server.getLocalPort());
                 java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(t.endpoint().socketAddress())) {
                ch.write(java.nio.ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes()));
                ch.shutdownOutput();
                java.util.concurrent.CompletableFuture.delayedExecutor(10, java.util.concurrent.TimeUnit.SECONDS).execute(() -> {
                    try {
                        ch.close(); // bounded: a lost answer fails instead of hanging
                    } catch (java.io.IOException ignored) {
                        // closed already
                    }
                });
                String answer = new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes());
                assertEquals("got 18 bytes; here is the answer", answer);
            }
        }
    }
}
