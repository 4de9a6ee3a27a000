package org.coloconsole.engine.remote.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.coloconsole.engine.remote.AbstractHost;
import org.coloconsole.engine.remote.CapturedOutput;
import org.coloconsole.engine.remote.CommandCancelledException;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.CommandResult;
import org.coloconsole.engine.remote.CommandTimeoutException;
import org.coloconsole.engine.remote.HostAuthException;
import org.coloconsole.engine.remote.HostConnectionException;
import org.coloconsole.engine.remote.HostException;
import org.coloconsole.engine.remote.HostKeyException;
import org.coloconsole.engine.remote.RunningCommand;
import org.coloconsole.engine.remote.ShellQuote;
import org.coloconsole.engine.remote.Tunnel;

/**
 * A host reached over SSH. One session is reused by every command and tunnel and re-opened on
 * the next call after it drops. Host keys are checked strictly against known_hosts.
 */
public final class SshHost extends AbstractHost {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SshHost.class);

    /**
     * Every command runs in a process group of its own whose id it prints first, so a timeout or
     * cancel can kill it and all its children (closing an SSH channel does not kill anything).
     */
    /** How long a cancel waits for the wrapper's first line (the process group) before it kills. */
    private static final long GROUP_LINE_WAIT_MS = 5_000;
    private static final String GROUP_WRAPPER = "setsid -w sh -c 'echo $$; exec \"$@\"' sh ";
    // "kill -SIG -PGID" without "--": dash's kill does not take "--".
    private static final String KILL_GROUP = "kill -TERM -$1 2>/dev/null; i=0; "
            + "while [ $i -lt 20 ] && kill -0 -$1 2>/dev/null; do sleep 0.1; i=$((i+1)); done; "
            + "kill -KILL -$1 2>/dev/null; exit 0";

    private final SshClient client;
    private final SshTarget target;
    private final KnownHostsVerifier verifier;
    private ClientSession session;

    private final boolean agent;
    /** For connecting, logging in and opening a channel (see {@link SshConnector#withConnectTimeout}). */
    private final Duration loginTimeout;

    SshHost(SshClient client, SshTarget target, boolean agent, Duration loginTimeout) {
        this.client = client;
        this.agent = agent;
        this.loginTimeout = loginTimeout;
        this.target = target;
        this.verifier = new KnownHostsVerifier(target);
    }

    @Override
    public String name() {
        return target.display();
    }

    public SshTarget target() {
        return target;
    }

    /**
     * Adds the host's key to known_hosts: the explicit trust decision (the GUI asks the operator
     * after showing the fingerprint from {@link HostKeyException}).
     */
    public void trust(PublicKey key) {
        KnownHostsVerifier.trust(target, key);
    }

    /** Connects now (if not connected) so key and auth problems surface before any work. */
    public void connect() {
        session();
    }

    synchronized ClientSession session() {
        if (session != null && session.isOpen() && !session.isClosing()) {
            return session;
        }
        if (session != null) {
            session.close(true);
            session = null;
        }
        ClientSession s;
        try {
            ConnectFuture cf = client.connect(target.user(), target.host(), target.port(),
                    AttributeRepository.ofKeyValuePair(SshConnector.VERIFIER, verifier), null);
            s = cf.verify(loginTimeout).getSession();
        } catch (IOException | RuntimeException e) {
            throw new HostConnectionException(name(), "cannot connect: " + e.getMessage(), e);
        }
        try {
            s.setKeyIdentityProvider(new FileKeyPairProvider(target.identities()));
            s.auth().verify(loginTimeout);
        } catch (IOException | RuntimeException e) {
            s.close(true);
            HostKeyException keyProblem = verifier.rejection();
            if (keyProblem != null) {
                throw keyProblem;
            }
            if (target.identities().isEmpty() && !agent) {
                throw new HostAuthException(name(), "no identity configured: give a key file or run an ssh-agent", e);
            }
            throw new HostAuthException(name(), "authentication refused for "
                    + (agent ? "the ssh-agent's keys" + (target.identities().isEmpty() ? "" : " and ") : "")
                    + (target.identities().isEmpty() ? "" : "the key(s) " + target.identities())
                    + ": " + e.getMessage(), e);
        }
        session = s;
        return s;
    }

    @Override
    public RunningCommand start(Command command) {
        long t0 = System.nanoTime();
        ClientSession s = session();
        AtomicLong group = new AtomicLong(-1);
        // The wrapper's first line names the process group; a cancel that comes before that line
        // has arrived (a busy machine) must wait for it, or the command would outlive the cancel.
        java.util.concurrent.CountDownLatch groupKnown = new java.util.concurrent.CountDownLatch(1);
        CapturedOutput capture = new CapturedOutput(command.listener());
        capture.stdout().interceptFirstLine(line -> {
            try {
                group.set(Long.parseLong(line.strip()));
            } catch (NumberFormatException e) {
                LOG.debug("{}: no process group from the wrapper: '{}'", name(), line);
                group.set(-1);
            }
            groupKnown.countDown();
        });
        ChannelExec channel;
        try {
            channel = s.createExecChannel(GROUP_WRAPPER + ShellQuote.join(command.argv()));
            channel.setOut(capture.stdout());
            channel.setErr(capture.stderr());
            channel.setIn(command.holdsStdinOpen() ? new HeldOpenInput()
                    : new ByteArrayInputStream(command.stdin() == null ? new byte[0] : command.stdin()));
            channel.open().verify(loginTimeout);
        } catch (IOException | RuntimeException e) {
            throw lost(s, "cannot start " + command.display(), e);
        }
        return new RunningCommand() {
            private volatile boolean cancelled;

            @Override
            public CommandResult await() {
                long remaining = command.timeout().toMillis() - (System.nanoTime() - t0) / 1_000_000;
                // Wait for CLOSED, not only EXIT_STATUS: output still in flight would be cut.
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                        Math.max(1, remaining));
                if (events.contains(ClientChannelEvent.TIMEOUT)) {
                    killGroup(groupOnceKnown());
                    channel.close(true);
                    throw new CommandTimeoutException(name(), command.display(), command.timeout());
                }
                capture.close();
                if (cancelled) {
                    throw new CommandCancelledException(name(), command.display());
                }
                Integer status = channel.getExitStatus();
                if (status == null) {
                    String signal = channel.getExitSignal();
                    if (signal != null) {
                        status = 128 + signalNumber(signal);
                    } else {
                        throw lost(s, "no exit status for " + command.display(), null);
                    }
                }
                return capture.result(name(), command.display(), status, Duration.ofNanos(System.nanoTime() - t0));
            }

            @Override
            public void cancel() {
                cancelled = true;
                killGroup(groupOnceKnown());
                channel.close(true);
            }

            /** The command's process group, waiting (bounded) for the line that names it. */
            private long groupOnceKnown() {
                try {
                    if (!groupKnown.await(GROUP_LINE_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        LOG.warn("{}: {} named no process group within {} ms: only its channel is closed", name(),
                                command.display(), GROUP_LINE_WAIT_MS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return group.get();
            }
        };
    }

    /** Standard input that never delivers a byte: blocks until closed (with the channel), then EOF. */
    private static final class HeldOpenInput extends java.io.InputStream {
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        @Override
        public int read() throws IOException {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("stdin held open: interrupted");
            }
            return -1;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    private HostException lost(ClientSession s, String what, Throwable cause) {
        if (!s.isOpen() || s.isClosing()) {
            return new HostConnectionException(name(), "connection lost: " + what
                    + (cause != null ? " (" + cause.getMessage() + ")" : ""), cause);
        }
        return new HostException(name(), what + (cause != null ? ": " + cause.getMessage() : ""), cause);
    }

    private void killGroup(long pgid) {
        if (pgid <= 1) {
            return;
        }
        try {
            ChannelExec k = session().createExecChannel("sh -c " + ShellQuote.quote(KILL_GROUP) + " sh " + pgid);
            k.setIn(new ByteArrayInputStream(new byte[0]));
            k.open().verify(loginTimeout);
            k.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 10_000);
            k.close(true);
        } catch (IOException | RuntimeException e) {
            // The connection is gone; the group dies with its sshd session or is reported by the caller.
            LOG.debug("{}: cannot signal the command's process group: {}", name(), e.toString());
        }
    }

    private static int signalNumber(String name) {
        return switch (name) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "KILL" -> 9;
            case "SEGV" -> 11;
            case "PIPE" -> 13;
            default -> 15;
        };
    }

    @Override
    public Tunnel tunnelToUnixSocket(String remotePath) {
        try {
            return new SocketForwarder("unix:" + remotePath + " on " + name(), () -> {
                ClientSession s = session();
                StreamLocalChannel ch = new StreamLocalChannel(remotePath);
                s.getService(ConnectionService.class).registerChannel(ch);
                ch.open().verify(loginTimeout);
                return ch;
            });
        } catch (IOException e) {
            throw new HostException(name(), "cannot open a local end for unix:" + remotePath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Tunnel tunnelToPort(String address, int port) {
        try {
            return new SocketForwarder(address + ":" + port + " from " + name(), () -> {
                ChannelDirectTcpip ch = session().createDirectTcpipChannel(
                        new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress(address, port));
                ch.open().verify(loginTimeout);
                return ch;
            });
        } catch (IOException e) {
            throw new HostException(name(), "cannot open a local end for port " + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.close(true);
            session = null;
        }
    }

    @Override
    public String toString() {
        return "SshHost[" + name() + "]";
    }
}
