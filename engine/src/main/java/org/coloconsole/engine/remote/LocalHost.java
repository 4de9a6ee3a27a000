package org.coloconsole.engine.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.coloconsole.engine.net.Endpoint;

/** This machine, for the local lab: commands run through ProcessBuilder, never a shell string. */
public final class LocalHost extends AbstractHost {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalHost.class);

    private final Map<String, String> environment;

    public LocalHost() {
        this(Map.of());
    }

    /** With environment variables set or replaced for every command (e.g. a PATH for a lab). */
    public LocalHost(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public RunningCommand start(Command command) {
        long t0 = System.nanoTime();
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(resolveProgram(command.argv()));
            pb.environment().putAll(environment);
            process = pb.start();
        } catch (IOException e) {
            throw new HostException(name(), "cannot start " + command.display() + ": " + e.getMessage(), e);
        }
        CapturedOutput capture = new CapturedOutput(command.listener());
        Thread outPump = pump(process.getInputStream(), capture.stdout(), "stdout");
        Thread errPump = pump(process.getErrorStream(), capture.stderr(), "stderr");
        if (!command.holdsStdinOpen()) {
            feed(process, command.stdin()); // held open: closed when this JVM exits or the process is killed
        }
        return new RunningCommand() {
            private volatile boolean cancelled;

            @Override
            public CommandResult await() {
                try {
                    if (!process.waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                        kill(process);
                        throw new CommandTimeoutException(name(), command.display(), command.timeout());
                    }
                    outPump.join(5_000);
                    errPump.join(5_000);
                    if (cancelled) {
                        throw new CommandCancelledException(name(), command.display());
                    }
                } catch (InterruptedException e) {
                    kill(process);
                    Thread.currentThread().interrupt();
                    throw new HostException(name(), "interrupted while running " + command.display(), e);
                }
                return capture.result(name(), command.display(), process.exitValue(),
                        Duration.ofNanos(System.nanoTime() - t0));
            }

            @Override
            public void cancel() {
                cancelled = true;
                kill(process);
            }
        };
    }

    /**
     * ProcessBuilder looks a bare program name up in the JVM's own PATH, not the child's; with a
     * PATH of our own, look it up there as a shell would.
     */
    private List<String> resolveProgram(List<String> argv) {
        String path = environment.get("PATH");
        String program = argv.get(0);
        if (path == null || program.contains("/")) {
            return argv;
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                List<String> resolved = new ArrayList<>(argv);
                resolved.set(0, candidate.toString());
                return resolved;
            }
        }
        return argv;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream in, OutputCapture sink, String what) {
        Thread t = new Thread(() -> {
            try (in; sink) {
                in.transferTo(sink);
            } catch (IOException e) {
                LOG.trace("output of a killed process ends: {}", e.toString());
            }
        }, "local-" + what);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void feed(Process process, byte[] stdin) {
        OutputStream in = process.getOutputStream();
        if (stdin == null) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.trace("stdin close: {}", e.toString());
            }
            return;
        }
        Thread t = new Thread(() -> {
            try (in) {
                in.write(stdin);
            } catch (IOException e) {
                LOG.debug("the process exited without reading all its stdin: {}", e.toString());
            }
        }, "local-stdin");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public Tunnel tunnelToUnixSocket(String remotePath) {
        Endpoint e = Endpoint.unix(Path.of(remotePath));
        return direct(e);
    }

    @Override
    public Tunnel tunnelToPort(String address, int port) {
        return direct(Endpoint.tcp(address, port));
    }

    private static Tunnel direct(Endpoint e) {
        return new Tunnel() {
            @Override
            public Endpoint endpoint() {
                return e;
            }

            @Override
            public void close() {
                // nothing forwarded, nothing to stop
            }
        };
    }

    @Override
    public void close() {
        // no connection to close
    }
}
