package org.coloconsole.engine.drill;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.remote.Tunnel;

/**
 * A drill's data check, "nothing is lost": writes the guest acknowledged before the fault are read
 * back from the survivor after it (the durable-write protocol of the COLO Console lab guest: "W SEQ
 * PAYLOAD" answered "OK SEQ" once the record is on disk with O_DIRECT and fsync, "R SEQ" reads it
 * back, "B" the boot marker), or the profile's own check command. Both run from the probe's host,
 * where the guest's clients are.
 */
public final class DataChecks {
    static final Duration CONNECT = Duration.ofSeconds(30);
    static final int READ_TIMEOUT_MS = 10_000;

    private DataChecks() {
    }

    /** The writes the guest acknowledged before the fault. */
    public record Before(String tag, List<Integer> seqs, String bootMarker) {
        public String summary() {
            return seqs.size() + " writes acknowledged (SEQ " + seqs.get(0) + ".." + seqs.get(seqs.size() - 1) + "), boot marker "
                    + bootMarker;
        }
    }

    public record Result(boolean passed, String detail) {
    }

    /**
     * Writes {@code count} records tagged {@code tag}, each awaiting its OK, and reads the boot marker.
     *
     * @throws IllegalStateException when the guest does not acknowledge them (the drill cannot prove anything)
     */
    public static Before writeBefore(Host from, String address, int port, String tag, int count) {
        // Sequence numbers of their own for this drill (the guest keeps 100000 records).
        int base = (int) ((System.currentTimeMillis() / 1000) % 900) * 100;
        List<Integer> seqs = new ArrayList<>();
        try (Line l = Line.open(from, address, port)) {
            for (int i = 0; i < count; i++) {
                int seq = base + i;
                String answer = l.ask("W " + seq + " " + tag + "-" + i);
                if (!answer.equals("OK " + seq)) {
                    throw new IllegalStateException("the guest did not acknowledge write " + seq + ": '" + answer + "'");
                }
                seqs.add(seq);
            }
            String boot = l.ask("B");
            return new Before(tag, seqs, boot);
        } catch (IOException e) {
            throw new IllegalStateException("the guest's durable-write service " + address + ":" + port + " from " + from.name()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Each acknowledged write read back from the guest as it runs now (the survivor), and the same boot marker. */
    public static Result readBack(Host from, String address, int port, Before before) {
        List<String> missing = new ArrayList<>();
        String boot;
        try (Line l = Line.open(from, address, port)) {
            for (int i = 0; i < before.seqs().size(); i++) {
                int seq = before.seqs().get(i);
                String answer = l.ask("R " + seq);
                if (!answer.equals("REC " + seq + " " + before.tag() + "-" + i)) {
                    missing.add(seq + " ('" + answer + "')");
                }
            }
            boot = l.ask("B");
        } catch (IOException e) {
            return new Result(false, "the guest's durable-write service did not answer after the failover: " + e.getMessage());
        }
        boolean sameBoot = boot.equals(before.bootMarker());
        String detail = (before.seqs().size() - missing.size()) + " of " + before.seqs().size() + " acknowledged writes read back"
                + (missing.isEmpty() ? "" : "; MISSING: " + String.join(", ", missing))
                + (sameBoot ? "; the same boot (" + boot + ")" : "; the boot marker changed: '" + before.bootMarker() + "' became '"
                + boot + "' (the guest rebooted: its memory state was lost)");
        return new Result(missing.isEmpty() && sameBoot, detail);
    }

    /** The profile's check command on {@code on} ({@code {address}} replaced); exit 0 passes. */
    public static Result command(Host on, List<String> argv, String address) {
        List<String> args = argv.stream().map(a -> a.replace("{address}", address)).toList();
        CommandResult r = on.run(Command.of(args).withTimeout(Duration.ofSeconds(60)));
        String out = (r.stdout() + " " + r.stderr()).strip();
        if (out.length() > 500) {
            out = out.substring(0, 500) + "…";
        }
        return new Result(r.ok(), "exit " + r.exitCode() + (out.isEmpty() ? "" : ": " + out));
    }

    /**
     * One line-oriented connection to the guest, made from {@code from} (an SSH tunnel's local end
     * is a UNIX socket, a local one TCP: either), retried until it opens (bounded); every answer
     * is awaited at most {@link #READ_TIMEOUT_MS}.
     */
    private static final class Line implements AutoCloseable {
        private final Tunnel tunnel;
        private final SocketChannel channel;
        private final Selector selector;
        private final ByteBuffer in = ByteBuffer.allocate(8192);
        private final StringBuilder pending = new StringBuilder();

        private Line(Tunnel tunnel, SocketChannel channel) throws IOException {
            this.tunnel = tunnel;
            this.channel = channel;
            channel.configureBlocking(false);
            this.selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        }

        static Line open(Host from, String address, int port) throws IOException {
            long deadline = System.nanoTime() + CONNECT.toNanos();
            IOException last = null;
            while (System.nanoTime() < deadline) {
                Tunnel t = from.tunnelToPort(address, port);
                SocketChannel ch = null;
                try {
                    ch = SocketChannel.open(t.endpoint().socketAddress());
                    Line l = new Line(t, ch);
                    l.ask("B"); // the service answers: the connection reaches the guest, not just the tunnel
                    return l;
                } catch (IOException e) {
                    last = e;
                    if (ch != null) {
                        ch.close();
                    }
                    t.close();
                    java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
                }
            }
            throw last != null ? last : new IOException("no connection within " + CONNECT.toSeconds() + " s");
        }

        String ask(String line) throws IOException {
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + READ_TIMEOUT_MS * 1_000_000L;
            while (b.hasRemaining()) {
                channel.write(b);
                if (b.hasRemaining() && System.nanoTime() > deadline) {
                    throw new IOException("could not send '" + line + "' within " + READ_TIMEOUT_MS + " ms");
                }
            }
            while (true) {
                int nl = pending.indexOf("\n");
                if (nl >= 0) {
                    String answer = pending.substring(0, nl).strip();
                    pending.delete(0, nl + 1);
                    return answer;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new IOException("no answer to '" + line + "' within " + READ_TIMEOUT_MS + " ms");
                }
                selector.select(left);
                selector.selectedKeys().clear();
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    throw new IOException("the guest closed the connection after '" + line + "'");
                }
                in.flip();
                pending.append(StandardCharsets.UTF_8.decode(in));
            }
        }

        @Override
        public void close() {
            try {
                selector.close();
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
            tunnel.close();
        }
    }
}
