package org.coloconsole.engine.qmp;

import org.coloconsole.engine.net.Endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.coloconsole.engine.testing.ScriptedQmpPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against peers that break the protocol. Each case must end in a clear typed error or
 * be handled: never a hang, never unbounded memory.
 */
@Timeout(60)
class QmpHostilePeerTest {

    private static final QmpOptions FAST = QmpOptions.defaults()
            .withGreetingTimeout(Duration.ofMillis(700))
            .withCommandTimeout(Duration.ofSeconds(10));

    @Test
    void malformedJsonClosesTheConnectionWithAProtocolError() throws Exception {
        try (ScriptedQmpPeer peer = new ScriptedQmpPeer(c -> {
            c.greetAndNegotiate();
            c.readLine();
            c.send("{\"return\": {,}");
            c.readLine();
        }); QmpClient client = QmpClient.open(peer.endpoint(), FAST)) {
            QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> client.call("query-status", null));
            assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
            client.closed().get(5, TimeUnit.SECONDS);
            assertEquals(QmpConnectionState.CLOSED, client.state());
        }
    }

    @Test
    void aTwentyMebibyteLineIsRefusedWithoutBufferingIt() throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        try (ScriptedQmpPeer peer = new ScriptedQmpPeer(c -> {
            c.greetAndNegotiate();
            c.readLine();
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'a');
            OutputStream out = c.out();
            out.write("{\"return\": \"".getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < 20; i++) {
                    out.write(chunk);
                }
                out.write("\"}\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException closedByClient) {
                // expected: the client hangs up once the limit is passed
            }
            sent.countDown();
        }); QmpClient client = QmpClient.open(peer.endpoint(), FAST)) {
            QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> client.call("query-status", null));
            assertTrue(e.getMessage().contains("longer than"), e.getMessage());
            assertTrue(sent.await(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void aGreetingThatIsNotQmpFailsTheConnect() throws Exception {
        try (ScriptedQmpPeer peer = new ScriptedQmpPeer(c -> {
            c.send("{\"hello\": \"I am not QEMU\"}");
            c.readLine();
        })) {
            QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> QmpClient.open(peer.endpoint(), FAST));
            assertTrue(e.getMessage().contains("not a QMP monitor"), e.getMessage());
        }
    }

    @Test
    void aNonJsonGreetingFailsTheConnect() throws Exception {
        try (ScriptedQmpPeer peer = new ScriptedQmpPeer(c -> {
            c.send("SSH-2.0-OpenSSH_9.2p1 Debian-2");
            c.readLine();
        })) {
            QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> QmpClient.open(peer.endpoint(), FAST));
            assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
        }
    }

    @Test
    void aReplyWithAnUnknownIdIsAProtocolError() throws Exception {
        try (ScriptedQmpPeer peer = new ScriptedQmpPeer(c -> {
            c.greetAndNegotiate();
            c.readLine();
            c.send("{\"return\": {}, \"id\": \"not-one-of-ours\"}");
            c.readLine();
        }); QmpClient client = QmpClient.open(peer.endpoint(), FAST)) {
            QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> client.call("query-status", null));
            assertTrue(e.getMessage().contains("unknown id"), e.getMessage());
        }
    }

    @Test
    void aReplyWithoutIdIsAProtocolError() throws Exception {
        try (ScriptedQmpPeer peer = new ScriptedQmpPeer(c -> {
            c.greetAndNegotiate();
            c.readLine();
            c.send("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error\"}}");
            c.readLine();
        }); QmpClient client = QmpClient.open(peer.endpoint(), FAST)) {
            QmpProtocolException e = assertThrows(QmpProtocolException.class, () -> client.call("query-status", null));
            assertTrue(e.getMessage().contains("without id"), e.getMessage());
        }
    }

    @Test
    void aPeerThatAcceptsAndNeverSpeaksTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedQmpPeer peer = new ScriptedQmpPeer(c -> release.await(30, TimeUnit.SECONDS))) {
            long t0 = System.nanoTime();
            QmpTimeoutException e = assertThrows(QmpTimeoutException.class, () -> QmpClient.open(peer.endpoint(), FAST));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(e.getMessage().contains("no QMP greeting"), e.getMessage());
            assertTrue(ms >= 600 && ms < 5000, "gave up after " + ms + " ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void refusedNegotiationIsReportedAsSuch() throws Exception {
        try (ScriptedQmpPeer peer = new ScriptedQmpPeer(c -> {
            c.send(ScriptedQmpPeer.GREETING);
            String caps = c.readLine();
            c.send("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Capabilities negotiation is already complete\"},"
                    + " \"id\": " + ScriptedQmpPeer.idOf(caps) + "}");
            c.readLine();
        })) {
            QmpNegotiationException e = assertThrows(QmpNegotiationException.class,
                    () -> QmpClient.open(peer.endpoint(), FAST));
            assertTrue(e.getMessage().contains("already complete"), e.getMessage());
        }
    }

    @Test
    void aCommandThatIsNeverAnsweredTimesOutAndTheLateReplyIsTolerated() throws Exception {
        try (ScriptedQmpPeer peer = new ScriptedQmpPeer(c -> {
            c.greetAndNegotiate();
            String slow = c.readLine();
            String next = c.readLine();
            // Answer the timed-out command late, then the next one.
            c.send("{\"return\": {\"late\": true}, \"id\": " + ScriptedQmpPeer.idOf(slow) + "}");
            c.send("{\"return\": {\"status\": \"running\"}, \"id\": " + ScriptedQmpPeer.idOf(next) + "}");
            c.readLine();
        }); QmpClient client = QmpClient.open(peer.endpoint(), FAST)) {
            QmpTimeoutException e = assertThrows(QmpTimeoutException.class,
                    () -> client.call("query-migrate", null, Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("query-migrate"), e.getMessage());
            assertEquals("running", client.call("query-status", null).get("status").asText());
            assertEquals(QmpConnectionState.READY, client.state());
        }
    }

    @Test
    void aPeerClosingMidCommandFailsItWithConnectionLost() throws Exception {
        try (ScriptedQmpPeer peer = new ScriptedQmpPeer(c -> {
            c.greetAndNegotiate();
            c.readLine();
            // return closes the socket
        }); QmpClient client = QmpClient.open(peer.endpoint(), FAST)) {
            QmpConnectionLostException e = assertThrows(QmpConnectionLostException.class,
                    () -> client.call("query-colo-status", null));
            assertTrue(e.getMessage().contains("closed by the peer") && e.getMessage().contains("query-colo-status"),
                    e.getMessage());
        }
    }

    @Test
    void anEventFloodNeitherStallsRepliesNorExhaustsMemory() throws Exception {
        int flood = 100_000;
        try (ScriptedQmpPeer peer = new ScriptedQmpPeer(c -> {
            c.greetAndNegotiate();
            String cmd = c.readLine();
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < flood; i++) {
                batch.append("{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": ").append(i % 1_000_000)
                        .append("}, \"event\": \"MIGRATION_PASS\", \"data\": {\"pass\": ").append(i).append("}}\r\n");
                if (batch.length() > 1 << 16) {
                    c.sendRaw(batch.toString().getBytes(StandardCharsets.US_ASCII));
                    batch.setLength(0);
                }
            }
            batch.append("{\"return\": {\"status\": \"colo\"}, \"id\": ").append(ScriptedQmpPeer.idOf(cmd)).append("}\r\n");
            c.sendRaw(batch.toString().getBytes(StandardCharsets.US_ASCII));
            c.readLine();
        }); QmpClient client = QmpClient.open(peer.endpoint(), FAST.withEventQueueCapacity(1000))) {
            AtomicLong fastSeen = new AtomicLong();
            AtomicLong lastPass = new AtomicLong(-1);
            AtomicLong outOfOrder = new AtomicLong();
            AtomicLong slowSeen = new AtomicLong();
            AtomicLong slowDropped = new AtomicLong();
            CompletableFuture<Void> fastDone = new CompletableFuture<>();
            // A monitor that must see every event asks for a queue that holds the whole burst.
            client.subscribe(Set.of("MIGRATION_PASS"), e -> {
                long pass = e.data().get("pass").asLong();
                if (pass != lastPass.get() + 1) {
                    outOfOrder.incrementAndGet();
                }
                lastPass.set(pass);
                if (fastSeen.incrementAndGet() == flood) {
                    fastDone.complete(null);
                }
            }, flood);
            client.subscribe(Set.of("MIGRATION_PASS"), new QmpEventListener() {
                @Override
                public void onEvent(QmpEvent event) {
                    slowSeen.incrementAndGet();
                    LockSupport.parkNanos(200_000); // a listener slower than the flood
                }

                @Override
                public void onEventsDropped(long count) {
                    slowDropped.addAndGet(count);
                }
            });
            long t0 = System.nanoTime();
            JsonNode r = client.execute("query-migrate", null).get(10, TimeUnit.SECONDS);
            long replyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals("colo", r.get("status").asText());
            assertTrue(replyMs < 10_000, "reply took " + replyMs + " ms behind the flood");
            fastDone.get(30, TimeUnit.SECONDS);
            assertEquals(0, outOfOrder.get(), "events delivered out of order");
            assertTrue(slowDropped.get() > 0, "the slow listener must have been told of dropped events");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (slowSeen.get() + slowDropped.get() < flood && System.nanoTime() < deadline) {
                LockSupport.parkNanos(5_000_000);
            }
            assertEquals(flood, slowSeen.get() + slowDropped.get(), "every event is either delivered or counted as dropped");
        }
    }

    @Test
    void aSocketThatRefusesConnectionsFailsWithConnectError() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        QmpConnectException e = assertThrows(QmpConnectException.class,
                () -> QmpClient.open(Endpoint.tcp("127.0.0.1", port), FAST));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void blockingCallOnTheIoThreadIsRefusedInsteadOfDeadlocking() throws Exception {
        CountDownLatch attached = new CountDownLatch(1);
        try (ScriptedQmpPeer peer = new ScriptedQmpPeer(c -> {
            c.greetAndNegotiate();
            String cmd = c.readLine();
            // Reply only once the continuation is attached, so it runs on the I/O thread.
            attached.await(5, TimeUnit.SECONDS);
            c.send("{\"return\": {}, \"id\": " + ScriptedQmpPeer.idOf(cmd) + "}");
            c.readLine();
        }); QmpClient client = QmpClient.open(peer.endpoint(), FAST)) {
            CompletableFuture<Throwable> seen = new CompletableFuture<>();
            client.execute("stop").whenComplete((ok, err) -> {
                try {
                    client.call("cont", null);
                    seen.complete(null);
                } catch (Throwable t) {
                    seen.complete(t);
                }
            });
            attached.countDown();
            assertInstanceOf(IllegalStateException.class, seen.get(5, TimeUnit.SECONDS));
        }
    }
}
