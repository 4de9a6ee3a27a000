package org.coloconsole.engine.runbook;

import org.coloconsole.engine.model.ColoMode;

import org.coloconsole.engine.cluster.Slot;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Checks that read a node's real state back. Every wait is bounded and says what it saw last. */
public final class Checks {
    private Checks() {
    }

    public static Check of(String description, java.util.function.BiFunction<PairContext, Slot, String> verify) {
        return new Described(description, verify);
    }

    private record Described(String describe, java.util.function.BiFunction<PairContext, Slot, String> body) implements Check {
        @Override
        public String verify(PairContext ctx, Slot slot) {
            return body.apply(ctx, slot);
        }
    }

    /** The file exists on the node's host. */
    public static Check fileExists(String path) {
        return of(path + " exists", (ctx, slot) -> {
            if (!ctx.host(slot).exists(path)) {
                throw new StepFailedException("missing file on " + ctx.host(slot).name() + ": " + path);
            }
            return "present";
        });
    }

    /** QEMU answers on its QMP socket and its runstate is one of {@code states}. */
    public static Check runstate(Duration within, String... states) {
        Set<String> ok = Set.of(states);
        return of("QMP answers and runstate is one of " + ok, (ctx, slot) -> poll(within, () -> {
            String s = ctx.qmp(slot).call("query-status", null).path("status").asText();
            return ok.contains(s) ? s : null;
        }, "runstate in " + ok));
    }

    /** query-colo-status says {@code mode} (and {@code lastMode}, unless null). */
    public static Check coloMode(ColoMode mode, ColoMode lastMode, Duration within) {
        return of("query-colo-status mode=" + mode + (lastMode == null ? "" : ", last-mode=" + lastMode),
                (ctx, slot) -> poll(within, () -> {
                    JsonNode c = ctx.qmp(slot).call("query-colo-status", null);
                    boolean good = mode == ColoMode.parse(c.path("mode").asText())
                            && (lastMode == null || lastMode == ColoMode.parse(c.path("last-mode").asText()));
                    return good ? c.toString() : null;
                }, "colo mode " + mode));
    }

    /** The primary's migration reached the colo state. */
    public static Check migrationStatus(String status, Duration within) {
        return of("query-migrate status=" + status, (ctx, slot) -> poll(within, () -> {
            JsonNode m = ctx.qmp(slot).call("query-migrate", null);
            String s = m.path("status").asText();
            if ("failed".equals(s)) {
                throw new StepFailedException("migration failed: " + m);
            }
            return status.equals(s) ? m.toString() : null;
        }, "migration status " + status));
    }

    /** At least {@code n} new checkpoints (RESUME events) on the node while the check waits. */
    public static Check checkpoints(int n, Duration within) {
        return of(n + " new checkpoints (STOP/RESUME pairs)", (ctx, slot) -> {
            ctx.qmp(slot);
            long start = resumes(ctx, slot);
            return poll(within, () -> {
                long seen = resumes(ctx, slot) - start;
                return seen >= n ? seen + " checkpoints" : null;
            }, n + " new checkpoints");
        });
    }

    private static long resumes(PairContext ctx, Slot slot) {
        return ctx.eventCount(slot, "RESUME");
    }

    /** Polls until {@code probe} returns non-null; fails with what it last saw. */
    static String poll(Duration within, Supplier<String> probe, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        RuntimeException last = null;
        long pause = 20_000_000L;
        while (true) {
            try {
                String r = probe.get();
                if (r != null) {
                    return r;
                }
            } catch (StepFailedException e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new StepFailedException("did not see " + what + " within " + within.toSeconds() + " s"
                        + (last != null ? " (last error: " + last.getMessage() + ")" : ""), last);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 500_000_000L);
        }
    }
}
