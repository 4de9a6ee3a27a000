package org.coloconsole.engine.cluster;

import java.util.List;

/**
 * A pair's failover drill (profile key {@code drill}): its objectives and how it checks the data.
 *
 * @param maxClientGapMs     the longest silence a client may see (the service probe's gap)
 * @param maxToProtectedMs   the longest the pair may take from the fault to Protected again
 * @param check              a command (argv) that checks the guest's data after the failover, run on
 *                           the probe's host ({@code {address}} becomes the service's address); exit
 *                           0 passes. Empty: none
 * @param durableWritesPort  the guest's durable-write service (the COLO Console lab guest's
 *                           protocol: "W SEQ PAYLOAD" answered "OK SEQ" once on disk), 0 for none:
 *                           acknowledged writes before the fault are read back from the survivor
 */
public record DrillSpec(int maxClientGapMs, int maxToProtectedMs, List<String> check, int durableWritesPort) {
    public static final int DEFAULT_MAX_CLIENT_GAP_MS = 5_000;
    public static final int DEFAULT_MAX_TO_PROTECTED_MS = 1_800_000;
    /** The objectives a pair without a {@code drill} key is held to. */
    public static final DrillSpec DEFAULTS = new DrillSpec(DEFAULT_MAX_CLIENT_GAP_MS, DEFAULT_MAX_TO_PROTECTED_MS, List.of(), 0);

    public DrillSpec {
        check = check == null ? List.of() : List.copyOf(check);
    }
}
