package org.coloconsole.engine.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.coloconsole.engine.cluster.ProbeSpec;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.remote.Tunnel;
import org.coloconsole.engine.model.ProbeGap;
import org.coloconsole.engine.model.ProbeSample;

/**
 * What a client of the pair's service sees, measured as a client would: from a named host (the
 * TCP connection is made by that host, over SSH) or from the console's machine. ECHO keeps one
 * connection open and times a line every interval, so a failover that keeps the connection shows
 * as a gap, and one that breaks it shows as errors and a reconnect. HTTP times a GET on a new
 * connection every interval. Every answer is a {@link ProbeSample}; every silence longer than three
 * intervals is a {@link ProbeGap}, from the last answer before it to the first after it. Both
 * histories are bounded.
 */
public final class ServiceProbe implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServiceProbe.class);

    private static final int SAMPLES_KEPT = 20_000;
    private static final int GAPS_KEPT = 1_000;

    private final ProbeSpec spec;
    private final Host from;
    private final ArrayDeque<ProbeSample> samples = new ArrayDeque<>();
    private final ArrayDeque<ProbeGap> gaps = new ArrayDeque<>();
    private final List<Consumer<ProbeSample>> sampleListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ProbeGap>> gapListeners = new CopyOnWriteArrayList<>();
    private final Thread worker;
    private volatile boolean closed;
    private volatile Instant lastAnswer;
    private volatile Tunnel tunnel;
    private volatile SocketChannel channel;

    public ServiceProbe(ProbeSpec spec, Host from) {
        this.spec = spec;
        this.from = from;
        this.worker = new Thread(spec.kind() == ProbeSpec.Kind.ECHO ? this::echoLoop : this::httpLoop,
                "service probe " + spec.address() + ":" + spec.port());
        worker.setDaemon(true);
    }

    public ServiceProbe start() {
        worker.start();
        return this;
    }

    public ProbeSpec spec() {
        return spec;
    }

    public void onSample(Consumer<ProbeSample> l) {
        sampleListeners.add(l);
    }

    public void onGap(Consumer<ProbeGap> l) {
        gapListeners.add(l);
    }

    public synchronized List<ProbeSample> samples() {
        return List.copyOf(samples);
    }

    public synchronized List<ProbeGap> gaps() {
        return List.copyOf(gaps);
    }

    /** The longest silence so far, in ms (0 when none). */
    public synchronized long longestGapMs() {
        return gaps.stream().mapToLong(ProbeGap::millis).max().orElse(0);
    }

    private Duration interval() {
        return Duration.ofMillis(spec.intervalMs());
    }

    /** One connection kept open; line n sent every interval; each echo "probe n" timed against its send. */
    private void echoLoop() {
        long n = 0;
        while (!closed) {
            Map<Long, Long> sentAt = new ConcurrentHashMap<>();
            Thread reader = null;
            try {
                connect();
                SocketChannel ch = channel;
                reader = new Thread(() -> readEchoes(ch, sentAt), "service probe reader");
                reader.setDaemon(true);
                reader.start();
                long next = System.nanoTime();
                while (!closed && reader.isAlive()) {
                    n++;
                    sentAt.put(n, System.nanoTime());
                    if (sentAt.size() > 10_000) {
                        sentAt.clear(); // held for minutes: those answers are gaps, not latencies
                    }
                    write(ch, "probe " + n + "\n");
                    next += interval().toNanos();
                    LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
                }
            } catch (IOException | RuntimeException e) {
                failed(e.getMessage());
            }
            disconnect();
            if (reader != null) {
                try {
                    reader.join(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!closed) {
                // A service that is down is asked again every second, not every interval: each try is an SSH channel.
                LockSupport.parkNanos(Math.max(interval().toNanos(), 1_000_000_000L));
            }
        }
    }

    private void readEchoes(SocketChannel ch, Map<Long, Long> sentAt) {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (!closed && ch.read(buf) >= 0) {
                long now = System.nanoTime();
                buf.flip();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8).strip();
                    line.reset();
                    Long sent = text.startsWith("probe ") ? sentAt.remove(parse(text.substring(6))) : null;
                    answered(sent == null ? -1 : (now - sent) / 1_000_000, sent == null ? "unexpected answer '" + text + "'" : null);
                }
                buf.clear();
            }
            if (!closed) {
                failed("the service closed the connection");
            }
        } catch (IOException e) {
            if (!closed) {
                failed("the connection broke: " + e.getMessage());
            }
        }
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A GET on a new connection every interval, bounded by ten intervals (at least 2 s). */
    private void httpLoop() {
        long next = System.nanoTime();
        while (!closed) {
            long t0 = System.nanoTime();
            try {
                connect();
                write(channel, "GET / HTTP/1.0\r\nHost: " + spec.address() + "\r\n\r\n");
                Duration bound = Duration.ofMillis(Math.max(2_000, 10L * spec.intervalMs()));
                String head = readHead(channel, t0 + bound.toNanos());
                if (head.startsWith("HTTP/")) {
                    answered((System.nanoTime() - t0) / 1_000_000, null);
                } else {
                    failed(head.isEmpty() ? "no answer within " + bound.toMillis() + " ms" : "not HTTP: " + head);
                }
            } catch (IOException | RuntimeException e) {
                failed(e.getMessage());
            }
            disconnect();
            next += interval().toNanos();
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
    }

    /** The answer's first bytes, or what arrived by the deadline (the worker closes a silent channel). */
    private String readHead(SocketChannel ch, long deadlineNanos) throws IOException {
        Thread watchdog = new Thread(() -> {
            LockSupport.parkNanos(Math.max(0, deadlineNanos - System.nanoTime()));
            disconnect();
        }, "service probe deadline");
        watchdog.setDaemon(true);
        watchdog.start();
        ByteBuffer buf = ByteBuffer.allocate(64);
        try {
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                if (buf.position() >= 5) {
                    break;
                }
            }
        } catch (IOException e) {
            // the deadline closed it: what arrived is the answer
        } finally {
            watchdog.interrupt();
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
    }

    private void connect() throws IOException {
        Tunnel t = from.tunnelToPort(spec.address(), spec.port());
        tunnel = t;
        channel = SocketChannel.open(t.endpoint().socketAddress());
    }

    private static void write(SocketChannel ch, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private void disconnect() {
        SocketChannel c = channel;
        Tunnel t = tunnel;
        channel = null;
        tunnel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.trace("probe socket close: {}", e.toString());
            }
        }
        if (t != null) {
            t.close();
        }
    }

    private void answered(long latencyMs, String error) {
        Instant now = Instant.now();
        ProbeGap gap = null;
        Instant before = lastAnswer;
        if (latencyMs >= 0) {
            if (before != null && Duration.between(before, now).toMillis() > 3L * spec.intervalMs()) {
                gap = new ProbeGap(before, now);
            }
            lastAnswer = now;
        }
        record(new ProbeSample(now, latencyMs, error), gap);
    }

    private void failed(String error) {
        if (!closed) {
            record(new ProbeSample(Instant.now(), -1, error), null);
        }
    }

    private void record(ProbeSample s, ProbeGap g) {
        synchronized (this) {
            samples.addLast(s);
            if (samples.size() > SAMPLES_KEPT) {
                samples.removeFirst();
            }
            if (g != null) {
                gaps.addLast(g);
                if (gaps.size() > GAPS_KEPT) {
                    gaps.removeFirst();
                }
            }
        }
        for (Consumer<ProbeSample> l : sampleListeners) {
            l.accept(s);
        }
        if (g != null) {
            for (Consumer<ProbeGap> l : gapListeners) {
                l.accept(g);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        disconnect();
        worker.interrupt();
        from.close();
    }
}
