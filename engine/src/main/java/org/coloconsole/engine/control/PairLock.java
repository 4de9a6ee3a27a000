package org.coloconsole.engine.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.Host;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.remote.OutputListener;
import org.coloconsole.engine.remote.RunningCommand;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.cluster.Slot;

/**
 * One operation at a time per pair, across processes and machines. Two locks, both tied to the
 * holder's life, so a crashed holder never leaves the pair locked:
 * <ul>
 *   <li>on this machine, an OS file lock (console and coloctl here), with the holder's details
 *       in a file beside it;</li>
 *   <li>on each node, a {@code flock} on a file in its work dir, held by a shell that waits for EOF on its stdin,
 *       which stays open as long as this process and its SSH connection live (consoles on other
 *       machines). A host that does not answer within the bound is skipped: it may be the dead
 *       node a failover is for.</li>
 * </ul>
 * The second taker is refused and told who holds the pair (user@host, pid, what, since when).
 */
public final class PairLock implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PairLock.class);

    /**
     * How long one host may take to grant or refuse its lock. A host that answers slowly (a busy
     * machine, a fresh SSH session) is waited for, never skipped: only a host that cannot be
     * reached at all is (it may be the dead node a failover is for).
     */
    static final Duration HOST_BOUND = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    // The shell takes the lock on fd 9, writes who holds it, says LOCKED, then holds it until its
    // stdin ends (release, or this process or its connection died). exit 75: held by another.
    // In the node's work dir (its own on each node, even where two nodes share a file system).
    private static final String REMOTE_SCRIPT = "mkdir -p \"$1\" || exit 1; "
            + "exec 9>>\"$1/console.lock\" || exit 1; "
            + "if ! flock -n 9; then cat \"$1/console.lock.holder\" 2>/dev/null; exit 75; fi; "
            + "printf '%s\\n' \"$2\" > \"$1/console.lock.holder\"; echo LOCKED; cat >/dev/null; "
            + "rm -f \"$1/console.lock.holder\"";

    /** Who holds a pair; {@code since} as an ISO-8601 instant. */
    public record Holder(String user, String host, long pid, String what, String since) {
        public String describe() {
            return "'" + what + "' run by " + user + "@" + host + " (pid " + pid + ") since " + since;
        }
    }

    private final String pair;
    private final FileChannel channel;
    private final FileLock fileLock;
    private final Path holderFile;
    private final List<RunningCommand> remote;
    private final Holder holder;
    /**
     * Closes the holder's runbook QMP connections. QEMU serves one client per monitor: a holder
     * that kept its control socket after its operation would lock out the next one (a coloctl, or
     * Pacemaker's agent on a host), so holding the pair and holding its control sockets end together.
     */
    private Runnable releaseControl = () -> { };

    private PairLock(String pair, FileChannel channel, FileLock fileLock, Path holderFile, List<RunningCommand> remote,
                     Holder holder) {
        this.pair = pair;
        this.channel = channel;
        this.fileLock = fileLock;
        this.holderFile = holderFile;
        this.remote = remote;
        this.holder = holder;
    }

    public Holder holder() {
        return holder;
    }

    /** This process as a holder of {@code what}. */
    public static Holder me(String what) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            LOG.debug("this machine's host name is unknown: {}", e.toString());
            host = "unknown-host";
        }
        return new Holder(System.getProperty("user.name"), host, ProcessHandle.current().pid(), what, Instant.now().toString());
    }

    /** The lock for running a runbook: here and on the hosts its steps act on. */
    public static PairLock forRunbook(PairContext ctx, org.coloconsole.engine.runbook.Runbook rb, String what) {
        List<Slot> slots = new ArrayList<>();
        for (var step : rb.steps()) {
            if (!slots.contains(step.slot())) {
                slots.add(step.slot());
            }
        }
        return acquire(ctx.pair(), ctx, slots, what);
    }

    /**
     * Takes the pair's lock here and on the hosts of {@code slots}.
     *
     * @throws PairBusyException another process holds it (here or on a node's host)
     */
    public static PairLock acquire(PairSpec pair, PairContext ctx, List<Slot> slots, String what) {
        Path file = StatePaths.lockFile(pair);
        Holder me = me(what);
        FileChannel ch = null;
        FileLock lock;
        try {
            Files.createDirectories(file.getParent());
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM holds it already (another controller of the same pair)
            }
            if (lock == null) {
                ch.close();
                throw new PairBusyException(pair.name(), "on this machine", readHolder(holderFile(file)));
            }
            writeHolder(holderFile(file), me);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot lock pair " + pair.name() + " at " + file, e);
        }
        List<RunningCommand> held = new ArrayList<>();
        PairLock taken = new PairLock(pair.name(), ch, lock, holderFile(file), held, me);
        if (ctx != null) {
            taken.releaseControl = ctx::disconnectAll;
        }
        // Both hosts at once, each bounded: a dead host (a failover's reason) must not stall the lock.
        List<CompletableFuture<RunningCommand>> tries = new ArrayList<>();
        for (Slot s : slots) {
            Host h = ctx.host(s);
            if (!(h instanceof LocalHost)) { // this machine's nodes: the file lock covers them
                String dir = s.of(pair).workDir();
                tries.add(CompletableFuture.supplyAsync(() -> lockOnRetrying(h, dir, pair.name(), me)));
            }
        }
        RuntimeException refused = null;
        // Two tries of the bound each, plus a connect: then it is refused, never skipped for slowness.
        long deadline = System.nanoTime() + HOST_BOUND.multipliedBy(2).plusSeconds(12).toNanos();
        for (CompletableFuture<RunningCommand> f : tries) {
            try {
                RunningCommand r = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (r != null) {
                    held.add(r);
                }
            } catch (java.util.concurrent.TimeoutException e) {
                // If it ever locks, let go at once; the acquisition is refused.
                f.thenAccept(late -> {
                    if (late != null) {
                        late.cancel();
                    }
                });
                refused = new IllegalStateException("cannot lock pair " + pair.name() + ": a host did not answer in time");
            } catch (java.util.concurrent.ExecutionException e) {
                refused = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                refused = new IllegalStateException("interrupted while locking pair " + pair.name(), e);
            }
        }
        if (refused != null) {
            taken.close();
            throw refused;
        }
        return taken;
    }

    /**
     * {@link #lockOn}, once more if the first try broke on the connection (a session the host
     * dropped is reopened by the next command); a refusal is never retried.
     */
    private static RunningCommand lockOnRetrying(Host h, String workDir, String pair, Holder me) {
        try {
            return lockOn(h, workDir, pair, me);
        } catch (ConnectionBroke e) {
            try {
                return lockOn(h, workDir, pair, me);
            } catch (ConnectionBroke again) {
                LOG.warn("pair {}: {} cannot be reached to lock it (twice): skipped, it may be the dead node ({})",
                        pair, h.name(), again.getMessage());
                return null;
            }
        }
    }

    /** The lock's command ended without an exit status: the connection broke under it. */
    private static final class ConnectionBroke extends IllegalStateException {
        ConnectionBroke(String message) {
            super(message);
        }
    }

    /**
     * The lock on one node (a file in its work dir, on its host): the running holder, or null
     * when the host did not answer in time.
     */
    static RunningCommand lockOn(Host h, String workDir, String pair, Holder me) {
        CountDownLatch answered = new CountDownLatch(1);
        AtomicReference<String> first = new AtomicReference<>();
        StringBuilder out = new StringBuilder();
        String json;
        try {
            json = JSON.writeValueAsString(me);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunningCommand r;
        try {
            r = h.start(Command.holdingStdinOpen(List.of("sh", "-c", REMOTE_SCRIPT, "sh", workDir, json),
                    Duration.ofDays(3650), new OutputListener() {
                        @Override
                        public void stdout(String line) {
                            synchronized (out) {
                                out.append(line).append('\n');
                            }
                            if (line.equals("LOCKED")) {
                                first.set(line);
                                answered.countDown();
                            }
                        }
                    }));
        } catch (RuntimeException e) {
            throw new ConnectionBroke("cannot reach " + h.name() + " to lock pair " + pair + ": " + e.getMessage());
        }
        CompletableFuture<Integer> ended = CompletableFuture.supplyAsync(() -> {
            try {
                return r.await().exitCode();
            } catch (RuntimeException e) {
                LOG.debug("pair {}: the lock holder on {} ended: {}", pair, h.name(), e.toString());
                return -1;
            }
        });
        ended.whenComplete((code, e) -> answered.countDown()); // after the exit code is set
        try {
            if (!answered.await(HOST_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                r.cancel();
                throw new IllegalStateException("cannot lock pair " + pair + " on " + h.name() + ": no answer within "
                        + HOST_BOUND.toSeconds() + " s; nothing was run");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.cancel();
            throw new IllegalStateException("interrupted while locking pair " + pair + " on " + h.name(), e);
        }
        if ("LOCKED".equals(first.get())) {
            return r;
        }
        Integer code = ended.getNow(-1);
        String text;
        synchronized (out) {
            text = out.toString().strip();
        }
        if (code != null && code == 75) {
            Holder other = null;
            try {
                other = text.isEmpty() ? null : JSON.readValue(text, Holder.class);
            } catch (IOException e) {
                LOG.debug("pair {}: the holder file on {} is unreadable: {}", pair, h.name(), e.toString());
            }
            throw new PairBusyException(pair, "on " + h.name(), other);
        }
        if (code == null || code < 0) {
            throw new ConnectionBroke("cannot lock pair " + pair + " on " + h.name() + ": the connection broke (" + text + ")");
        }
        throw new IllegalStateException("cannot lock pair " + pair + " on " + h.name() + " (exit " + code + "): " + text);
    }

    private static Path holderFile(Path lockFile) {
        return lockFile.resolveSibling(lockFile.getFileName() + ".holder");
    }

    private static void writeHolder(Path file, Holder h) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, JSON.writeValueAsBytes(h));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Holder readHolder(Path file) {
        try {
            return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Holder.class);
        } catch (IOException | RuntimeException e) {
            LOG.debug("the local holder file {} is unreadable: {}", file, e.toString());
            return null;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.debug("releasing a lock not held: {}", e.toString());
            }
        }
    }

    /** Releases every lock: the hosts' (their shells see EOF and exit), then this machine's. */
    @Override
    public void close() {
        try {
            releaseControl.run();
        } catch (RuntimeException e) {
            LOG.debug("closing the runbook's QMP connections: {}", e.toString());
        }
        for (RunningCommand r : remote) {
            try {
                r.cancel();
            } catch (RuntimeException e) {
                LOG.debug("releasing a node lock: the host is gone, its lock went with it ({})", e.toString());
            }
        }
        try {
            Files.deleteIfExists(holderFile);
        } catch (IOException e) {
            LOG.debug("a stale holder file stays behind (harmless: the OS lock decides): {}", e.toString());
        }
        try {
            fileLock.release();
        } catch (IOException e) {
            LOG.debug("lock release: {} (released with the channel)", e.toString());
        }
        closeQuietly(channel);
    }

    @Override
    public String toString() {
        return "lock of pair " + pair + " held by " + holder.describe();
    }
}
