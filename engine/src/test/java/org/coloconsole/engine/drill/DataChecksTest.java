package org.coloconsole.engine.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.coloconsole.engine.remote.LocalHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The drill's data check can fail: against a scripted guest speaking the lab guest's durable-write
 * protocol on 127.0.0.1, a write that is gone after the "failover", or a changed boot marker (the
 * guest rebooted), is a failed check naming what is missing; an intact guest passes.
 */
class DataChecksTest {
    private final Map<Integer, String> disk = new ConcurrentHashMap<>();
    private volatile String boot = "BOOT 0011aabb";
    private ServerSocket server;

    private int guest() throws Exception {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept();
                     BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                     PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        String[] w = line.split(" ", 3);
                        switch (w[0]) {
                            case "W" -> {
                                disk.put(Integer.parseInt(w[1]), w[1] + " " + w[2]);
                                out.println("OK " + w[1]);
                            }
                            case "R" -> {
                                String rec = disk.get(Integer.parseInt(w[1]));
                                out.println(rec == null ? "NONE " + w[1] : "REC " + rec);
                            }
                            case "B" -> out.println(boot);
                            default -> out.println("ERR unknown command");
                        }
                    }
                } catch (Exception e) {
                    // the next connection
                }
            }
        }, "scripted guest");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyAcknowledgedWriteReadBackPassesAndALostOneOrARebootFails() throws Exception {
        int port = guest();
        LocalHost here = new LocalHost();
        DataChecks.Before before = DataChecks.writeBefore(here, "127.0.0.1", port, "drill-x", 20);
        assertEquals(20, before.seqs().size());
        assertEquals("BOOT 0011aabb", before.bootMarker());
        DataChecks.Result intact = DataChecks.readBack(here, "127.0.0.1", port, before);
        assertTrue(intact.passed(), intact.detail());
        assertTrue(intact.detail().startsWith("20 of 20"), intact.detail());

        disk.remove(before.seqs().get(7)); // a write the guest acknowledged, not on the survivor
        DataChecks.Result lost = DataChecks.readBack(here, "127.0.0.1", port, before);
        assertFalse(lost.passed(), lost.detail());
        assertTrue(lost.detail().contains("19 of 20") && lost.detail().contains("MISSING: " + before.seqs().get(7)), lost.detail());

        disk.put(before.seqs().get(7), before.seqs().get(7) + " drill-x-7");
        boot = "BOOT ffee0000"; // the survivor booted afresh: the guest's memory was lost
        DataChecks.Result rebooted = DataChecks.readBack(here, "127.0.0.1", port, before);
        assertFalse(rebooted.passed(), rebooted.detail());
        assertTrue(rebooted.detail().contains("the boot marker changed"), rebooted.detail());
    }

    @Test
    void theProfilesCheckCommandPassesOnExitZeroOnly() {
        LocalHost here = new LocalHost();
        assertTrue(DataChecks.command(here, List.of("sh", "-c", "test \"$1\" = 10.0.2.15", "sh", "{address}"), "10.0.2.15").passed());
        DataChecks.Result bad = DataChecks.command(here, List.of("sh", "-c", "echo 3 orders missing; exit 4"), "10.0.2.15");
        assertFalse(bad.passed());
        assertTrue(bad.detail().startsWith("exit 4") && bad.detail().contains("3 orders missing"), bad.detail());
    }
}
