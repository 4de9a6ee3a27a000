package org.coloconsole.engine.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * engine/target/faults/faults.json: per case how many runs, how many passed, and what was
 * checked; across all, the two-primaries violations seen and acknowledged writes lost.
 */
public final class FaultReport {
    private record Case(String checked, int[] counts, StringBuilder failures) {
    }

    private final Map<String, Case> cases = new LinkedHashMap<>();
    private int twoPrimaries;
    private int lostWrites;

    public synchronized void ran(String name, String checked, boolean passed, String failure) {
        Case c = cases.computeIfAbsent(name, n -> new Case(checked, new int[2], new StringBuilder()));
        c.counts()[0]++;
        if (passed) {
            c.counts()[1]++;
        } else {
            c.failures().append(failure).append('\n');
        }
    }

    public synchronized void twoPrimariesSeen(int n) {
        twoPrimaries = n;
    }

    public synchronized void lostWrites(int n) {
        lostWrites += n;
    }

    public synchronized boolean allPassed() {
        return cases.values().stream().allMatch(c -> c.counts()[0] == c.counts()[1]) && twoPrimaries == 0 && lostWrites == 0;
    }

    public synchronized Path write(Path dir) throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode list = root.putArray("cases");
        cases.forEach((name, c) -> {
            ObjectNode o = list.addObject();
            o.put("name", name);
            o.put("runs", c.counts()[0]);
            o.put("passed", c.counts()[1]);
            o.put("checked", c.checked());
            if (c.failures().length() > 0) {
                o.put("failures", c.failures().toString().strip());
            }
        });
        root.put("two_primaries_seen", twoPrimaries);
        root.put("acked_writes_lost", lostWrites);
        Files.createDirectories(dir);
        Path f = dir.resolve("faults.json");
        m.writeValue(f.toFile(), root);
        return f;
    }
}
