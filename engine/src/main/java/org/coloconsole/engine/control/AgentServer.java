package org.coloconsole.engine.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.model.OcfStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resident agent: one coloctl per host that serves the shell agent's actions over a UNIX
 * socket in the host's {@code /run}, so an action costs no JVM start (about a second of CPU and
 * of time, which a failover's client gap pays in full) and reaches the peer with a warm SSH client.
 *
 * <p>It is started by the shell agent itself when nobody answers on the socket, and lives in the
 * same place as Pacemaker's actions (its cgroup and namespaces), so it goes when the node goes.
 * One per host: the second one started finds the lock held and leaves. The shell falls back to
 * {@code coloctl agent ACTION} whenever it does not answer {@link AgentRequest#ACCEPTED}, so the
 * resident agent is a speed-up, never a condition: it declines work when its code on disk changed
 * (an upgrade; it then leaves) or when all its workers are busy.
 *
 * <p>Only the user it runs as may ask (the peer's credentials on the socket); the socket is mode
 * 0600, and a run directory it creates is 0700.
 */
public final class AgentServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);
    /** A request is a few hundred bytes; it must be complete within this (the shell writes it at once). */
    static final long REQUEST_MILLIS = 5_000;
    static final int MAX_REQUEST = 16 << 10;
    /** Actions at once: Pacemaker runs one per resource at a time, so this is pairs on the host at once. */
    static final int WORKERS = 32;

    private final Path dir;
    private final Session session = Session.forAgent();
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(0, WORKERS, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "agent-action");
                t.setDaemon(true);
                return t;
            });
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-request-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final java.util.Set<String> warmed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ExecutorService warmer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "agent-warm-up");
        t.setDaemon(true);
        return t;
    });
    private final CodeStamp code = CodeStamp.of(AgentServer.class);
    private volatile ServerSocketChannel server;
    private volatile boolean leaving;

    /** @param dir the host's run directory for the agent ({@code /run/colo-console}) */
    public AgentServer(Path dir) {
        this.dir = dir;
    }

    /** The resident agent's socket in {@code dir}. */
    public static Path socket(Path dir) {
        return dir.resolve("agent.sock");
    }

    /** The run directory of this host's agent ({@code COLO_AGENT_RUN_DIR}, or {@code /run/colo-console}). */
    public static Path runDir() {
        return AgentRunState.runDir();
    }

    /**
     * Serves until the code on disk changes or the process is stopped. Returns at once, false, when
     * another resident agent holds this host's lock.
     *
     * @param readyFor a pair (and this host's node) to ready for its failover at once, or null
     */
    public boolean serve(AgentRequest readyFor) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            try (FileChannel lockFile = FileChannel.open(dir.resolve("agent.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
                if (lock == null) {
                    LOG.info("another resident agent serves {}", socket(dir));
                    return false;
                }
                Path sock = socket(dir);
                Files.deleteIfExists(sock); // a dead agent's: the lock says nobody serves it
                server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(sock));
                Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(dir.resolve("agent.pid"), ProcessHandle.current().pid() + "\n");
                LOG.info("resident agent serves {} (pid {})", sock, ProcessHandle.current().pid());
                if (readyFor != null) {
                    warmUpOnce(readyFor);
                }
                acceptLoop();
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the resident agent cannot serve in " + dir, e);
        }
    }

    private void acceptLoop() throws IOException {
        while (!leaving) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (java.nio.channels.ClosedChannelException e) {
                break;
            }
            try {
                workers.execute(() -> handle(ch));
            } catch (RejectedExecutionException e) {
                answer(ch, "declined: " + WORKERS + " actions run already");
                closeQuietly(ch);
            }
        }
        // Actions under way finish (Pacemaker waits for their answers) before the process leaves.
        workers.shutdown();
        try {
            workers.awaitTermination(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(SocketChannel ch) {
        try (ch) {
            String peer = peerUser(ch);
            String me = System.getProperty("user.name");
            if (!me.equals(peer)) {
                LOG.warn("refused a request from user {} (only {} may ask)", peer, me);
                answer(ch, "declined: only " + me + " may ask this agent");
                return;
            }
            if (code.changed()) {
                // An upgrade: this process runs the old code. The shell runs the action with the new
                // coloctl (which starts a new resident agent); this one leaves once idle.
                LOG.info("the code on disk changed ({}): declining work and leaving", code);
                answer(ch, AgentRequest.STALE);
                leave();
                return;
            }
            String text = readRequest(ch);
            AgentRequest request;
            try {
                request = AgentRequest.parse(text);
            } catch (IllegalArgumentException e) {
                answer(ch, AgentRequest.ACCEPTED + "\n" + e.getMessage() + "\n" + AgentRequest.EXIT + OcfStatus.ERR_CONFIGURED);
                return;
            }
            answer(ch, AgentRequest.ACCEPTED);
            long t0 = System.nanoTime();
            OcfStatus s = PacemakerAgent.answer(session, request);
            LOG.info("{} {} on {}: {} ({}) in {} ms", request.action(), request.pair(), request.node(), s.code(), s.reason(),
                    (System.nanoTime() - t0) / 1_000_000);
            answer(ch, s.reason().replace('\n', ' ') + "\n" + AgentRequest.EXIT + s.code());
            warmUpOnce(request);
        } catch (IOException | RuntimeException e) {
            LOG.warn("a request failed", e);
        }
    }

    /** Each pair (profile, pair, node) it served, warmed up once in the background for its failover. */
    private void warmUpOnce(AgentRequest r) {
        if (!warmed.add(r.profile() + "\n" + r.pair() + "\n" + r.node())) {
            return;
        }
        warmer.execute(() -> {
            try {
                new PacemakerAgent(session, null).warmUp(r.pairSpec(), r.node());
            } catch (RuntimeException e) {
                LOG.info("warm-up of {} on {} failed: {}", r.pair(), r.node(), e.toString());
            }
        });
    }

    /** The request: everything the shell writes before it closes its side, within {@link #REQUEST_MILLIS}. */
    private String readRequest(SocketChannel ch) throws IOException {
        var timer = watchdog.schedule(() -> closeQuietly(ch), REQUEST_MILLIS, TimeUnit.MILLISECONDS);
        try {
            ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // until the shell's end of input
            }
            if (!buf.hasRemaining()) {
                throw new IOException("request longer than " + MAX_REQUEST + " bytes");
            }
            buf.flip();
            return StandardCharsets.UTF_8.decode(buf).toString();
        } finally {
            timer.cancel(false);
        }
    }

    private static String peerUser(SocketChannel ch) throws IOException {
        var p = ch.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
        return p == null ? "?" : p.user().getName();
    }

    private static void answer(SocketChannel ch, String text) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.encode(text + "\n");
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            // The shell gave up (Pacemaker's timeout): the action's result is in the journal and the log.
            LOG.info("could not answer: {}", e.toString());
        }
    }

    private void leave() {
        leaving = true;
        closeQuietly(server);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException e) {
            LOG.debug("close: {}", e.toString());
        }
    }

    @Override
    public void close() {
        leave();
        watchdog.shutdownNow();
        warmer.shutdownNow();
        session.close();
    }
}
