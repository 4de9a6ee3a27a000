package org.coloconsole.engine.qmp;

import org.coloconsole.engine.net.Endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.testing.QemuFixture;
import org.coloconsole.engine.testing.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The QMP client against a real {@code qemu-system-x86_64 -machine none}. */
@Tag("integration")
class QmpClientQemuIT {

    @TempDir
    Path dir;
    QemuFixture qemu;
    QmpClient client;

    @BeforeEach
    void start() throws Exception {
        qemu = QemuFixture.start(dir.resolve("a"));
        client = QmpClient.open(qemu.endpoint(), QmpOptions.defaults());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (qemu != null) {
            qemu.close();
        }
    }

    @Test
    void greetingCarriesTheVersionThatQueryVersionReports() {
        QmpGreeting g = client.greeting();
        JsonNode v = client.call("query-version", null).path("qemu");
        assertEquals(new QemuVersion(v.get("major").asInt(), v.get("minor").asInt(), v.get("micro").asInt()),
                g.version());
        assertTrue(g.offers("oob"), "QEMU offers oob on a QMP socket: " + g.capabilities());
        assertTrue(client.oobEnabled());
        assertEquals(QmpConnectionState.READY, client.state());
    }

    @Test
    void executesWithAndWithoutArguments() {
        assertEquals("running", client.call("query-status", null).get("status").asText());
        JsonNode type = client.call("qom-get", QmpClient.args().put("path", "/machine").put("property", "type"));
        assertEquals("none-machine", type.asText());
        assertEquals("0x3039", client.hmp("p 12345").join().trim());
    }

    @Test
    void unknownCommandFailsWithQemusErrorClass() {
        QmpCommandException e = assertThrows(QmpCommandException.class, () -> client.call("no-such-command", null));
        assertEquals("CommandNotFound", e.errorClass());
        assertEquals("no-such-command", e.command());
        assertTrue(e.getMessage().contains("no-such-command"), e.getMessage());
        // The connection is still usable after a command error.
        assertEquals("running", client.call("query-status", null).get("status").asText());
    }

    @Test
    void outOfBandYankIsAnswered() {
        JsonNode r = client.executeOob("yank", QmpClient.args().set("instances",
                QmpClient.args().arrayNode()), Duration.ofSeconds(5)).join();
        assertTrue(r.isObject() && r.isEmpty(), r.toString());
        CompletionException e = assertThrows(CompletionException.class,
                () -> client.executeOob("query-status", null, Duration.ofSeconds(5)).join());
        assertInstanceOf(QmpCommandException.class, e.getCause());
    }

    @Test
    void stopAndContDeliverTimestampedEvents() throws Exception {
        LinkedBlockingQueue<QmpEvent> events = new LinkedBlockingQueue<>();
        try (QmpSubscription s = client.onEvent(Set.of("STOP", "RESUME"), events::add)) {
            Instant before = Instant.now().minusSeconds(1);
            client.call("stop", null);
            client.call("cont", null);
            QmpEvent stop = events.poll(5, TimeUnit.SECONDS);
            QmpEvent resume = events.poll(5, TimeUnit.SECONDS);
            assertEquals("STOP", stop.name());
            assertEquals("RESUME", resume.name());
            Instant after = Instant.now().plusSeconds(1);
            assertTrue(stop.timestamp().isAfter(before) && stop.timestamp().isBefore(after), stop.toString());
            assertFalse(resume.timestamp().isBefore(stop.timestamp()), "RESUME stamped before STOP");
            assertTrue(stop.timestamp().getNano() % 1000 == 0 && stop.timestamp().getNano() > 0
                    || stop.timestamp().getNano() == 0, "microsecond timestamp");
        }
    }

    @Test
    void thousandConcurrentCommandsAreEachAnsweredWithTheirOwnReply() {
        int n = 1000;
        List<CompletableFuture<String>> replies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            replies.add(client.hmp("p " + (i + 16)));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
        for (int i = 0; i < n; i++) {
            assertEquals("0x" + Integer.toHexString(i + 16), replies.get(i).join().trim(), "reply to command " + i);
        }
        assertEquals(0, client.pendingCommands());
    }

    @Test
    void killingQemuFailsEveryPendingCommandPromptly() throws Exception {
        // Freeze QEMU so the commands are certainly pending, then kill it.
        qemu.signal("STOP");
        List<CompletableFuture<JsonNode>> pending = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pending.add(client.execute("query-status", null, Duration.ofSeconds(60)));
        }
        Waits.until(() -> client.pendingCommands() == 50, Duration.ofSeconds(5), "50 pending commands");
        long t0 = System.nanoTime();
        qemu.kill();
        for (CompletableFuture<JsonNode> f : pending) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> f.orTimeout(5, TimeUnit.SECONDS).join());
            assertInstanceOf(QmpConnectionLostException.class, e.getCause(), String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().contains("query-status"), e.getCause().getMessage());
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 2000, "pending commands failed only after " + ms + " ms");
        assertEquals(QmpConnectionState.CLOSED, client.state());
        assertInstanceOf(QmpConnectionLostException.class,
                assertThrows(QmpException.class, () -> client.call("query-status", null)));
    }

    @Test
    void subscribersAreToldWhenQemuDies() throws Exception {
        CompletableFuture<QmpException> told = new CompletableFuture<>();
        client.subscribe(new QmpEventListener() {
            @Override
            public void onEvent(QmpEvent event) {
            }

            @Override
            public void onDisconnected(QmpException cause) {
                told.complete(cause);
            }
        });
        qemu.kill();
        assertInstanceOf(QmpConnectionLostException.class, told.get(5, TimeUnit.SECONDS));
    }

    @Test
    void reconnectsToANewQemu() throws Exception {
        qemu.kill();
        client.closed().get(5, TimeUnit.SECONDS);
        client.close();
        qemu = QemuFixture.start(dir.resolve("b"));
        client = QmpClient.open(qemu.endpoint(), QmpOptions.defaults());
        assertEquals("running", client.call("query-status", null).get("status").asText());
    }

    @Test
    void closeLeavesNoThreadsOfThisClientBehind() {
        assertEquals("running", client.call("query-status", null).get("status").asText());
        client.onEvent(Set.of(), e -> { });
        String ioName = "qmp-io-" + client.endpoint();
        assertTrue(threadsNamed(ioName) > 0, "the private I/O thread exists while connected");
        client.close();
        Waits.until(() -> threadsNamed(ioName) == 0, Duration.ofSeconds(5), "I/O thread to end");
        assertEquals(QmpConnectionState.CLOSED, client.state());
        assertInstanceOf(QmpConnectionLostException.class, client.closeCause());
        client = null;
    }

    @Test
    void repeatedConnectAndCloseLeaksNoFileDescriptorsOrThreads() throws Exception {
        client.close();
        client = null;
        // Warm up once (class loading, lazily opened JDK files), then measure.
        QmpClient.open(qemu.endpoint(), QmpOptions.defaults()).close();
        long fdsBefore = openFds();
        int threadsBefore = Thread.activeCount();
        for (int i = 0; i < 30; i++) {
            try (QmpClient c = QmpClient.open(qemu.endpoint(), QmpOptions.defaults())) {
                assertEquals("running", c.call("query-status", null).get("status").asText());
            }
        }
        Waits.until(() -> Thread.activeCount() <= threadsBefore + 2, Duration.ofSeconds(10), "client threads to end");
        long fdsAfter = openFds();
        assertTrue(fdsAfter <= fdsBefore + 2, "file descriptors grew from " + fdsBefore + " to " + fdsAfter);
    }

    private static long openFds() throws java.io.IOException {
        try (var s = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void connectingToANonexistentSocketFailsClearly() {
        QmpConnectException e = assertThrows(QmpConnectException.class,
                () -> QmpClient.open(Endpoint.unix(dir.resolve("missing.sock")), QmpOptions.defaults()));
        assertTrue(e.getMessage().contains("missing.sock"), e.getMessage());
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }
}
