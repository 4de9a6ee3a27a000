package org.coloconsole.engine.testing;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.remote.Tunnel;

/**
 * A client of the lab guest as a user would be one: its TCP connections are made from a named
 * host (the lab's client namespace, through that host's sshd), and stay open across failovers.
 * Two oracles: a line every 100 ms on one echo connection, each echo checked for content and
 * order; and durable writes on another, each acknowledged only once the guest has it on disk.
 * Every loop is bounded in time.
 */
public final class GuestClient implements AutoCloseable {
    /** The longest the client runs, whatever the test does. */
    private static final long MAX_RUN_NANOS = Duration.ofMinutes(60).toNanos(); // the fault matrix runs long
    private final Host from;
    private final String guest;
    private final List<AutoCloseable> closing = new ArrayList<>();

    public GuestClient(Host from, String guest) {
        this.from = from;
        this.guest = guest;
    }

    /** One TCP connection to the guest, read by a thread of its own into a queue of lines. */
    static final class Conn implements AutoCloseable {
        final Tunnel tunnel;
        final SocketChannel channel;
        final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        volatile String failure;
        private final Thread reader;

        record Line(String text, long atNanos) {
        }

        Conn(Host from, String address, int port) throws IOException {
            tunnel = from.tunnelToPort(address, port);
            try {
                channel = SocketChannel.open(tunnel.endpoint().socketAddress());
            } catch (IOException e) {
                tunnel.close();
                throw e;
            }
            // Plain channel reads and writes: the streams of Channels.newInputStream/newOutputStream
            // share the channel's blocking lock, so a pending read would block every write.
            reader = new Thread(() -> {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8192);
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                try {
                    while (channel.read(buf) >= 0) {
                        long at = System.nanoTime();
                        buf.flip();
                        while (buf.hasRemaining()) {
                            byte b = buf.get();
                            if (b == '\n') {
                                lines.add(new Line(line.toString(StandardCharsets.UTF_8).replace("\r", ""), at));
                                line.reset();
                            } else {
                                line.write(b);
                            }
                        }
                        buf.clear();
                    }
                    failure = "the connection was closed by the other end (EOF)";
                } catch (IOException e) {
                    failure = "the connection broke: " + e.getMessage();
                }
            }, "guest-client " + address + ":" + port);
            reader.setDaemon(true);
            reader.start();
        }

        void send(String line) throws IOException {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        Line next(Duration within) throws InterruptedException {
            return lines.poll(within.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            tunnel.close();
        }
    }

    /** Opens a connection once the guest's service answers {@code probe} with {@code expect} (bounded). */
    private Conn open(int port, String probe, String expectPrefix, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "no try yet";
        while (System.nanoTime() < deadline) {
            Conn c = null;
            try {
                c = new Conn(from, guest, port);
                c.send(probe);
                Conn.Line l = c.next(Duration.ofSeconds(5));
                if (l != null && l.text().startsWith(expectPrefix)) {
                    closing.add(c);
                    return c;
                }
                last = l == null ? "no answer to '" + probe + "' (" + c.failure + ")" : "answer '" + l.text() + "'";
            } catch (IOException e) {
                last = e.getMessage();
            }
            if (c != null) {
                c.close();
            }
            LockSupport.parkNanos(500_000_000L); // bounded by the deadline above
        }
        throw new AssertionError("the guest's service " + guest + ":" + port + " did not answer within " + within.toSeconds()
                + " s: " + last);
    }

    /** Starts the echo oracle: one connection to port 7, a numbered line every 100 ms. */
    public Echo echo(int port, Duration waitForService) throws InterruptedException {
        Echo e = new Echo(open(port, "HELLO", "HELLO", waitForService));
        closing.add(e);
        return e;
    }

    /** Starts the durable-write oracle: one connection to port 10, a write every {@code pace}. */
    public Durable durable(int port, Duration pace, Duration waitForService) throws InterruptedException {
        Durable d = new Durable(open(port, "B", "BOOT", waitForService), pace);
        closing.add(d);
        return d;
    }

    /** Echo: sends L000001, L000002, … every 100 ms; checks every echo is the next line. */
    public static final class Echo implements AutoCloseable {
        private final Conn conn;
        private final List<Long> arrivals = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final Thread sender;
        private final Thread checker;
        private volatile boolean stop;
        private volatile int sent;
        private volatile int echoed;

        Echo(Conn conn) {
            this.conn = conn;
            long t0 = System.nanoTime();
            sender = new Thread(() -> {
                long next = System.nanoTime();
                while (!stop && System.nanoTime() - t0 < MAX_RUN_NANOS && conn.failure == null) {
                    try {
                        conn.send(String.format("L%06d", sent + 1));
                        sent++;
                    } catch (IOException e) {
                        synchronized (problems) {
                            problems.add("send failed after line " + sent + ": " + e.getMessage());
                        }
                        return;
                    }
                    next += 100_000_000L;
                    LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
                }
            }, "echo sender");
            checker = new Thread(() -> {
                while (System.nanoTime() - t0 < MAX_RUN_NANOS) {
                    Conn.Line l;
                    try {
                        l = conn.next(Duration.ofMillis(200));
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (l == null) {
                        if (stop && echoed >= sent || conn.failure != null) {
                            return;
                        }
                        continue;
                    }
                    String want = String.format("L%06d", echoed + 1);
                    synchronized (problems) {
                        if (l.text().equals(want)) {
                            echoed++;
                            arrivals.add(l.atNanos());
                        } else {
                            problems.add("expected " + want + ", got '" + l.text() + "'");
                        }
                    }
                }
            }, "echo checker");
            sender.setDaemon(true);
            checker.setDaemon(true);
            sender.start();
            checker.start();
        }

        /** Lines sent and echoed in order so far; and whether the connection is still alive. */
        public int sent() {
            return sent;
        }

        public int echoed() {
            return echoed;
        }

        public String failure() {
            return conn.failure;
        }

        public List<String> problems() {
            synchronized (problems) {
                return List.copyOf(problems);
            }
        }

        /** Waits (bounded) until {@code n} more lines were echoed after now: the connection flows. */
        public void awaitFlowing(int n, Duration within) {
            int target = echoed + n;
            Waits.until(() -> echoed >= target || conn.failure != null, within,
                    n + " more echoes on the open connection (echoed " + echoed + " of " + sent + "; " + conn.failure
                            + "; " + problems() + ")");
            if (conn.failure != null) {
                throw new AssertionError("the client's connection died: " + conn.failure);
            }
        }

        /** When (System.nanoTime) the first echo after {@code atNanos} arrived, or -1. */
        public long firstEchoAfter(long atNanos) {
            synchronized (problems) {
                for (long a : arrivals) {
                    if (a > atNanos) {
                        return a;
                    }
                }
                return -1;
            }
        }

        public long msSinceLastEcho() {
            synchronized (problems) {
                return arrivals.isEmpty() ? -1 : (System.nanoTime() - arrivals.get(arrivals.size() - 1)) / 1_000_000;
            }
        }

        /**
         * The client's gap for a fault at {@code atNanos}: the longest wait between two consecutive
         * echoes from the last echo before the fault until now, in ms (an echo already released at
         * the fault may arrive just after it; the outage comes after that one).
         */
        public long gapAroundMs(long atNanos) {
            synchronized (problems) {
                long prev = -1;
                long max = -1;
                for (long a : arrivals) {
                    if (a <= atNanos) {
                        prev = a;
                        continue;
                    }
                    if (prev >= 0) {
                        max = Math.max(max, a - prev);
                    }
                    prev = a;
                }
                return max < 0 ? -1 : max / 1_000_000;
            }
        }

        /** Stops sending and waits (bounded) for the echoes still under way; returns the lines never echoed. */
        public int stopAndCountLost(Duration drain) throws InterruptedException {
            stop = true;
            sender.join(2_000);
            checker.join(drain.toMillis());
            return sent - echoed;
        }

        @Override
        public void close() {
            stop = true;
            conn.close();
        }
    }

    /** Durable writes: W SEQ PAYLOAD every {@code pace}, each awaiting its OK; read back with R and B. */
    public static final class Durable implements AutoCloseable {
        private final Conn conn;
        private final Map<Integer, String> acked = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private final Object lock = new Object();
        private final Thread writer;
        private volatile boolean stop;

        Durable(Conn conn, Duration pace) {
            this.conn = conn;
            conn.lines.clear();
            long t0 = System.nanoTime();
            writer = new Thread(() -> {
                int seq = 0;
                while (!stop && System.nanoTime() - t0 < MAX_RUN_NANOS && seq < 100_000) {
                    synchronized (lock) {
                        String payload = "rec-" + seq + "-" + Long.toHexString(System.nanoTime());
                        try {
                            conn.send("W " + seq + " " + payload);
                            // Across a failover the answer waits for the survivor: allow for it.
                            Conn.Line l = conn.next(Duration.ofSeconds(60));
                            if (l == null || !l.text().equals("OK " + seq)) {
                                problems.add("W " + seq + ": " + (l == null ? "no answer in 60 s (" + conn.failure + ")" : l.text()));
                                return;
                            }
                            acked.put(seq, payload);
                        } catch (IOException | InterruptedException e) {
                            problems.add("W " + seq + " failed: " + e);
                            return;
                        }
                    }
                    seq++;
                    LockSupport.parkNanos(pace.toNanos());
                }
            }, "durable writer");
            writer.setDaemon(true);
            writer.start();
        }

        public int acked() {
            synchronized (lock) {
                return acked.size();
            }
        }

        public List<String> problems() {
            synchronized (lock) {
                return List.copyOf(problems);
            }
        }

        /**
         * Reads back every acknowledged record on the same connection (so from whichever node
         * runs the guest now) with O_DIRECT; returns what is missing or different, and the boot
         * marker read from disk.
         */
        public Readback readBack() throws IOException, InterruptedException {
            synchronized (lock) {
                List<String> missing = new ArrayList<>();
                for (Map.Entry<Integer, String> e : acked.entrySet()) {
                    conn.send("R " + e.getKey());
                }
                for (Map.Entry<Integer, String> e : acked.entrySet()) {
                    Conn.Line l = conn.next(Duration.ofSeconds(30));
                    String want = "REC " + e.getKey() + " " + e.getValue();
                    if (l == null || !l.text().equals(want)) {
                        missing.add(want + " -> " + (l == null ? "no answer (" + conn.failure + ")" : l.text()));
                    }
                }
                conn.send("B");
                Conn.Line b = conn.next(Duration.ofSeconds(30));
                return new Readback(acked.size(), missing, b == null ? "(no answer)" : b.text());
            }
        }

        public record Readback(int acked, List<String> missing, String bootMarker) {
        }

        @Override
        public void close() {
            stop = true;
            try {
                writer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            conn.close();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing everything anyway
            }
        }
        from.close();
    }
}
