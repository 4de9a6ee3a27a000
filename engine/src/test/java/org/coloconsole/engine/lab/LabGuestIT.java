package org.coloconsole.engine.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.testing.LabFixture;
import org.coloconsole.engine.testing.RequiredTool;
import org.coloconsole.engine.testing.Waits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The lab guest that the e2e tier and the local lab boot: built from Debian packages, real QEMU. */
@Tag("integration")
@Timeout(240)
class LabGuestIT {
    @TempDir
    Path dir;

    @Test
    void theGuestBootsUnderTcgAndItsServicesAnswer() throws Exception {
        Path lab = LabFixture.assets();
        LocalHost host = new LocalHost();
        String disk = dir.resolve("disk.qcow2").toString();
        host.check(Command.of("qemu-img", "create", "-q", "-f", "qcow2", disk, "64M"));
        int http = freePort();
        int echo = freePort();
        int clock = freePort();
        int counter = freePort();
        Path serial = dir.resolve("serial.log");
        List<String> argv = new ArrayList<>(List.of(RequiredTool.qemuSystem().toString(), "-accel", "tcg",
                // Not a multiple of 256 KiB: COLO-FACTS §5 (lost dirty pages otherwise).
                "-m", "131080K", "-smp", "1", "-nodefaults", "-display", "none", "-serial", "file:" + serial,
                "-kernel", lab.resolve("vmlinuz").toString(), "-initrd", lab.resolve("initrd.cpio.gz").toString(),
                "-append", "console=ttyS0 quiet panic=-1",
                "-netdev", "user,id=hn0,hostfwd=tcp:127.0.0.1:" + http + "-:80,hostfwd=tcp:127.0.0.1:" + echo
                        + "-:7,hostfwd=tcp:127.0.0.1:" + clock + "-:8,hostfwd=tcp:127.0.0.1:" + counter + "-:9",
                "-device", "e1000,netdev=hn0", "-drive", "if=ide,id=colo-disk0,file=" + disk + ",format=qcow2"));
        long pid = host.startDetached(argv, dir.resolve("qemu.log").toString());
        try {
            Waits.until(() -> read(serial).contains("COLO-LAB-READY") || !host.isAlive(pid), Duration.ofSeconds(120),
                    "the guest to boot");
            assertTrue(host.isAlive(pid), "QEMU died: " + read(dir.resolve("qemu.log")));

            assertTrue(request(http, "GET / HTTP/1.0\r\n\r\n").contains("colo-lab guest"));
            try (Socket s = new Socket("127.0.0.1", echo)) {
                s.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = s.getOutputStream();
                for (String line : List.of("one", "two", "three")) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    assertEquals(line, in.readLine(), "echo on one persistent connection");
                }
            }
            String uptime = request(clock, "x\n");
            assertTrue(uptime.matches("(?s)\\d+\\.\\d+ \\d+\\.\\d+ x\\s*"), uptime);

            Waits.until(() -> counterValue(counter) > 0, Duration.ofSeconds(20), "the disk counter to start");
            long first = counterValue(counter);
            Waits.until(() -> counterValue(counter) > first, Duration.ofSeconds(20), "the disk counter to advance");
        } finally {
            host.stop(pid, Duration.ofSeconds(5));
        }
    }

    @Test
    void theTcgShimLoadsIntoQemu() {
        Path lab = LabFixture.assets();
        LocalHost preloaded = new LocalHost(Map.of("LD_PRELOAD", lab.resolve("colo-tcg-shim.so").toString()));
        String out = preloaded.check(Command.of(RequiredTool.qemuSystem().toString(), "--version")).stdout();
        assertTrue(out.contains("QEMU emulator version"), out);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String request(int port, String text) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static long counterValue(int port) {
        String s = request(port, "").strip();
        return s.matches("\\d+") ? Long.parseLong(s) : -1;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
