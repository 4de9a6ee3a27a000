package org.coloconsole.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.qmp.QmpClient;
import org.coloconsole.engine.qmp.QmpOptions;
import org.coloconsole.engine.testing.QemuFixture;

/**
 * {@code query-status} round trips against one real QEMU, by our client and by a raw-socket
 * baseline in the same run: sequential (one in flight) and pipelined (all written at once).
 * Targets: client pipelined ≥ 0.9 × raw pipelined, client sequential ≥ 0.8 × raw sequential.
 */
public final class QmpBench {

    private static final byte[] QUERY_STATUS = "{\"execute\": \"query-status\"}\n".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/qmp.json");
        int n = Integer.getInteger("bench.qmp.n", 10_000);
        int rounds = Integer.getInteger("bench.qmp.rounds", 9);
        Path dir = Files.createTempDirectory("qmp-bench");
        // A QMP monitor serves one client at a time: the baseline gets a second monitor of its own.
        Path rawSocket = dir.resolve("raw.sock");
        try (QemuFixture qemu = QemuFixture.start(dir, "-qmp", "unix:" + rawSocket + ",server=on,wait=off")) {
            Raw raw = new Raw(rawSocket);
            QmpClient client = QmpClient.open(qemu.endpoint(),
                    QmpOptions.defaults().withCommandTimeout(Duration.ofMinutes(2)));
            try {
                // Warm up both sides (JIT, QEMU's allocator) before measuring.
                for (int i = 0; i < 2; i++) {
                    raw.sequential(n / 4);
                    raw.pipelined(n / 4);
                    clientSequential(client, n / 4);
                    clientPipelined(client, n / 4);
                }
                double[] rs = new double[rounds];
                double[] rp = new double[rounds];
                double[] cs = new double[rounds];
                double[] cp = new double[rounds];
                // Interleave the four so drift of the machine affects all alike.
                for (int r = 0; r < rounds; r++) {
                    rs[r] = raw.sequential(n);
                    cs[r] = clientSequential(client, n);
                    rp[r] = raw.pipelined(n);
                    cp[r] = clientPipelined(client, n);
                }
                ObjectNode result = BenchReport.object();
                result.put("n", n);
                result.put("rounds", rounds);
                result.put("client_sequential_per_s", Math.round(BenchReport.median(cs)));
                result.put("client_pipelined_per_s", Math.round(BenchReport.median(cp)));
                result.put("raw_sequential_per_s", Math.round(BenchReport.median(rs)));
                result.put("raw_pipelined_per_s", Math.round(BenchReport.median(rp)));
                double seqRatio = BenchReport.median(cs) / BenchReport.median(rs);
                double pipRatio = BenchReport.median(cp) / BenchReport.median(rp);
                result.put("sequential_ratio", round3(seqRatio));
                result.put("pipelined_ratio", round3(pipRatio));
                result.put("target_sequential_ratio", 0.8);
                result.put("target_pipelined_ratio", 0.9);
                result.put("targets_met", seqRatio >= 0.8 && pipRatio >= 0.9);
                result.put("qemu", client.greeting().version().toString());
                result.put("transport", "unix socket");
                // Both sides negotiate the same capabilities: the comparison is of the same QMP mode.
                boolean clientOob = client.greeting().capabilities().contains("oob");
                if (clientOob != raw.oob) {
                    throw new IllegalStateException("the baseline negotiated " + (raw.oob ? "oob" : "plain")
                            + " but the client " + (clientOob ? "oob" : "plain"));
                }
                result.put("mode", raw.oob ? "oob" : "plain");
                result.put("baseline_mode", raw.oob ? "oob" : "plain");
                BenchReport.write(out, result);
            } finally {
                client.close();
                raw.close();
            }
        }
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double clientSequential(QmpClient client, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            JsonNode r = client.call("query-status", null);
            if (r == null) {
                throw new IllegalStateException("no reply");
            }
        }
        return n / seconds(t0);
    }

    private static double clientPipelined(QmpClient client, int n) {
        long t0 = System.nanoTime();
        List<CompletableFuture<JsonNode>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(client.execute("query-status"));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).orTimeout(5, TimeUnit.MINUTES).join();
        return n / seconds(t0);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The baseline: a blocking UNIX socket, write a line, read a line. It uses the channel's own
     * read and write (not Channels.newInputStream, whose streams share one lock and would
     * serialise the pipelined writer against the reader).
     */
    static final class Raw implements AutoCloseable {
        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocateDirect(1 << 16).flip();

        Raw(Path socket) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            // Negotiate exactly what the client negotiates: with out-of-band enabled QEMU reads
            // ahead of the command it runs, so a baseline without it would measure another mode.
            String greeting = readGreeting();
            oob = new com.fasterxml.jackson.databind.ObjectMapper().readTree(greeting).path("QMP").path("capabilities")
                    .toString().contains("\"oob\"");
            write((oob ? "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}\n"
                    : "{\"execute\": \"qmp_capabilities\"}\n").getBytes(StandardCharsets.US_ASCII));
            readReply();
        }

        /** The mode negotiated: "oob" or "plain". */
        final boolean oob;

        private String readGreeting() throws IOException {
            StringBuilder b = new StringBuilder();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (true) {
                one.clear();
                if (channel.read(one) < 0) {
                    throw new IOException("QEMU closed the socket before its greeting");
                }
                char c = (char) one.get(0);
                if (c == '\n') {
                    return b.toString();
                }
                b.append(c);
            }
        }

        double sequential(int n) throws IOException {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                write(QUERY_STATUS);
                readReply();
            }
            return n / seconds(t0);
        }

        double pipelined(int n) throws Exception {
            byte[] all = new byte[QUERY_STATUS.length * n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(QUERY_STATUS, 0, all, i * QUERY_STATUS.length, QUERY_STATUS.length);
            }
            long t0 = System.nanoTime();
            // Written by another thread: QEMU stops reading while its queue is full, so one thread
            // writing everything before reading could block forever.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    write(all);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (int i = 0; i < n; i++) {
                readReply();
            }
            writer.get(1, TimeUnit.MINUTES);
            return n / seconds(t0);
        }

        private void write(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        private void readReply() throws IOException {
            while (!readLine()) {
                // skip events; none are expected on an idle machine
            }
        }

        /** Consumes one line; true if it was a reply. */
        private boolean readLine() throws IOException {
            int start = in.position();
            boolean reply = false;
            int checked = 0;
            while (true) {
                while (in.hasRemaining()) {
                    byte c = in.get();
                    if (checked == 0) {
                        reply = c == '{';
                    } else if (checked == 2) {
                        reply &= c == 'r';
                    }
                    checked++;
                    if (c == '\n') {
                        return reply;
                    }
                }
                // Need more bytes: keep the partial line, refill.
                in.position(start);
                in.compact();
                if (channel.read(in) < 0) {
                    throw new IOException("QEMU closed the socket");
                }
                in.flip();
                in.position(in.position() + (checked > 0 ? checked : 0));
                start = 0;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
