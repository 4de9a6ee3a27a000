package org.coloconsole.engine.remote;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Process and file operations built only on {@link #start}, so SSH and local hosts behave the
 * same: both run the same small POSIX commands, quoted by the engine.
 */
public abstract class AbstractHost implements Host {
    private static final Duration QUICK = Duration.ofSeconds(20);

    @Override
    public long startDetached(List<String> argv, String logFile) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c",
                // A background child of a non-interactive sh is no group leader, so setsid does not
                // fork and $! is the program's own pid; the new session cuts it loose from us.
                "log=$1; shift; setsid \"$@\" </dev/null >>\"$log\" 2>&1 & echo $!", "sh", logFile));
        cmd.addAll(argv);
        CommandResult r = check(new Command(cmd, QUICK, null, null));
        try {
            return Long.parseLong(r.stdout().strip());
        } catch (NumberFormatException e) {
            throw new HostException(name(), "could not start " + ShellQuote.join(argv) + ": no pid in '" + r.stdout() + "'");
        }
    }

    @Override
    public boolean isAlive(long pid) {
        // ps, not kill -0: a zombie answers kill -0 but is dead.
        CommandResult r = run(new Command(List.of("ps", "-o", "stat=", "-p", Long.toString(pid)), QUICK, null, null));
        return r.ok() && !r.stdout().isBlank() && !r.stdout().strip().startsWith("Z");
    }

    @Override
    public boolean stop(long pid, Duration grace) {
        String p = Long.toString(pid);
        run(new Command(List.of("kill", "-TERM", p), QUICK, null, null));
        if (waitGone(pid, grace)) {
            return false;
        }
        run(new Command(List.of("kill", "-KILL", p), QUICK, null, null));
        if (!waitGone(pid, Duration.ofSeconds(10))) {
            throw new HostException(name(), "process " + pid + " survived SIGKILL for 10 s");
        }
        return true;
    }

    private boolean waitGone(long pid, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        long pause = 5_000_000L;
        while (isAlive(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 200_000_000L);
        }
        return true;
    }

    @Override
    public boolean exists(String path) {
        return run(new Command(List.of("test", "-e", path), QUICK, null, null)).ok();
    }

    @Override
    public Optional<Long> size(String path) {
        CommandResult r = run(new Command(List.of("stat", "-L", "-c", "%s", path), QUICK, null, null));
        if (!r.ok()) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(r.stdout().strip()));
    }

    @Override
    public void mkdirs(String path) {
        check(new Command(List.of("mkdir", "-p", path), QUICK, null, null));
    }

    @Override
    public byte[] read(String path, int maxBytes) {
        CommandResult r = check(new Command(List.of("head", "-c", Integer.toString(maxBytes), path), QUICK, null, null));
        return r.stdout().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void write(String path, byte[] content) {
        check(new Command(List.of("sh", "-c", "cat > \"$1\"", "sh", path), QUICK, content, null));
    }

    @Override
    public void remove(String path) {
        check(new Command(List.of("rm", "-f", path), QUICK, null, null));
    }

    @Override
    public String toString() {
        return name();
    }
}
