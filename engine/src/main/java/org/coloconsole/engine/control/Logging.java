package org.coloconsole.engine.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The one logging set-up of the console and coloctl. Code logs through SLF4J; the backend is
 * java.util.logging (no extra library) writing a rotating file under the state dir
 * ({@code logs/PROGRAM.N.log}, 5 × 5 MB), and with {@code --verbose} also stderr. The journal stays
 * the audit record of what was sent to QEMU; this log is for what the engine did and why it failed.
 */
public final class Logging {
    static final int FILE_BYTES = 5 << 20;
    static final int FILES = 5;

    private Logging() {
    }

    /** The log file of {@code program} (its newest generation). */
    public static Path logFile(String program) {
        return StatePaths.stateDir().resolve("logs").resolve(program + ".0.log");
    }

    /**
     * Sends every log line to the rotating file of {@code program} and, when {@code verbose}, to
     * stderr too. Returns the file, or null when the state dir is not writable (then stderr gets
     * the warnings, so nothing is lost silently).
     */
    public static synchronized Path init(String program, boolean verbose) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Logger ours = Logger.getLogger("org.coloconsole");
        ours.setLevel(verbose ? Level.FINE : Level.INFO);
        // Libraries say a lot at INFO (every SSH session); only their warnings matter here.
        Logger.getLogger("org.apache.sshd").setLevel(Level.WARNING);
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
        root.setLevel(Level.INFO);
        Path file = null;
        try {
            Path dir = StatePaths.stateDir().resolve("logs");
            Files.createDirectories(dir);
            FileHandler fh = new FileHandler(dir.resolve(program + ".%g.log").toString(), FILE_BYTES, FILES, true);
            fh.setFormatter(new Line());
            fh.setLevel(Level.ALL);
            root.addHandler(fh);
            file = logFile(program);
        } catch (IOException | RuntimeException e) {
            verbose = true;
            System.err.println(program + ": cannot write the log under " + StatePaths.stateDir() + " (" + e.getMessage()
                    + "); logging to stderr");
        }
        Handler err = new ConsoleHandler();
        err.setFormatter(new Line());
        err.setLevel(verbose ? Level.ALL : Level.OFF);
        root.addHandler(err);
        return file;
    }

    /** One line per record: time, level, logger, message, and the stack of any exception. */
    static final class Line extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder(200).append(Instant.ofEpochMilli(r.getMillis())).append(' ')
                    .append(r.getLevel().getName()).append(' ').append(shortName(r.getLoggerName())).append(": ")
                    .append(formatMessage(r)).append(System.lineSeparator());
            if (r.getThrown() != null) {
                java.io.StringWriter w = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(w));
                b.append(w);
            }
            return b.toString();
        }

        private static String shortName(String logger) {
            return logger == null ? "" : logger.replace("org.coloconsole.engine.", "").replace("org.coloconsole.", "");
        }
    }
}
