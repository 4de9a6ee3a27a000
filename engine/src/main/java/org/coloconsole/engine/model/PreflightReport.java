package org.coloconsole.engine.model;

import java.util.List;
import java.util.Optional;

/** The preflight result for one node: every check with its verdict, in the order they ran. */
public record PreflightReport(String host, Role role, List<PreflightCheck> checks) {

    public PreflightReport {
        checks = List.copyOf(checks);
    }

    /** True when nothing failed (warnings allowed). */
    public boolean ok() {
        return checks.stream().noneMatch(c -> c.status() == PreflightCheck.Status.FAIL);
    }

    public Optional<PreflightCheck> check(String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** A table for terminals: status, check, detail, and the remedy under failed or warned lines. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("Preflight of ").append(role.label()).append(" node ").append(host).append('\n');
        int width = checks.stream().mapToInt(c -> c.title().length()).max().orElse(10);
        for (PreflightCheck c : checks) {
            b.append(String.format("  %-4s  %-" + width + "s  %s%n", c.status(), c.title(), c.detail()));
            if (!c.remedy().isEmpty()) {
                b.append(String.format("        %-" + width + "s  → %s%n", "", c.remedy()));
            }
        }
        long fails = checks.stream().filter(c -> c.status() == PreflightCheck.Status.FAIL).count();
        long warns = checks.stream().filter(c -> c.status() == PreflightCheck.Status.WARN).count();
        b.append(ok() ? "  READY" : "  NOT READY").append(" (").append(fails).append(" failed, ")
                .append(warns).append(" warnings)\n");
        return b.toString();
    }
}
