package org.coloconsole.engine.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.runbook.Actions;
import org.coloconsole.engine.runbook.Runbook;
import org.coloconsole.engine.runbook.Runbooks;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.runbook.Step;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the runbooks actually send, in order, is the seed's JSON, modulo the differences
 * {@link ColoQmp} lists (the events capability and the checkpoint delay).
 */
class ColoQmpGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, List<JsonNode>> seed;
    private static PairSpec pair;

    @BeforeAll
    static void load() throws IOException {
        pair = QemuCommandLineGoldenTest.seedPair();
        seed = new LinkedHashMap<>();
        try (InputStream in = ColoQmpGoldenTest.class.getResourceAsStream("/seed/qmp.txt")) {
            String section = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("[")) {
                    section = line.substring(1, line.length() - 1);
                    seed.put(section, new ArrayList<>());
                } else if (line.startsWith("{") && !line.contains("qmp_capabilities")) {
                    seed.get(section).add(JSON.readTree(line));
                }
            }
        }
    }

    private static List<JsonNode> seed(String section, String listenAddress) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : seed.get(section)) {
            out.add(readTree(n.toString().replace("0.0.0.0", listenAddress)));
        }
        return out;
    }

    /** Ours, without the deliberate additions: the events capability and the checkpoint delay. */
    private static List<JsonNode> ours(List<QmpCall> calls) {
        List<JsonNode> out = new ArrayList<>();
        for (QmpCall c : calls) {
            ObjectNode n = (ObjectNode) readTree(c.toJson());
            if (c.command().equals("migrate-set-parameters")) {
                continue;
            }
            if (c.command().equals("migrate-set-capabilities")) {
                ArrayNode caps = (ArrayNode) n.get("arguments").get("capabilities");
                assertEquals("events", caps.get(1).get("capability").asText());
                caps.remove(1);
            }
            out.add(n);
        }
        return out;
    }

    private static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a runbook really sends to {@code slot}, in order: every QMP command of its steps, the
     * read-only queries (its checks and readiness probes) left out.
     */
    static List<QmpCall> sent(Runbook rb, Slot slot) {
        List<QmpCall> out = new ArrayList<>();
        for (Step st : rb.steps()) {
            if (st.slot() == slot && st.action() instanceof Actions.SendsQmp q && !q.call().command().startsWith("query-")) {
                out.add(q.call());
            }
        }
        return out;
    }

    @Test
    void protectPreparesTheSecondaryAsTheSeedDoes() {
        assertEquals(seed("prepare-secondary", "127.0.0.2"), ours(sent(Runbooks.protect(pair), Slot.SECONDARY_NODE)));
    }

    @Test
    void protectStartsThePrimaryAsTheSeedDoes() {
        assertEquals(seed("start-primary", "127.0.0.1"), ours(sent(Runbooks.protect(pair), Slot.PRIMARY_NODE)));
    }

    @Test
    void failoverToPrimarySendsTheSeedsSequence() {
        assertEquals(seed("failover-primary", "127.0.0.1"), ours(sent(Runbooks.failoverToPrimary(pair), Slot.PRIMARY_NODE)));
    }

    @Test
    void failoverToSecondarySendsTheSeedsSequence() {
        assertEquals(seed("failover-secondary", "127.0.0.2"),
                ours(sent(Runbooks.failoverToSecondary(pair), Slot.SECONDARY_NODE)));
    }

    @Test
    void resumeFromPrimary() {
        Runbook rb = Runbooks.resume(pair, Slot.PRIMARY_NODE, false);
        assertEquals(seed("resume-from-primary", "127.0.0.1"), ours(sent(rb, Slot.PRIMARY_NODE)));
        assertEquals(seed("prepare-secondary", "127.0.0.2"), ours(sent(rb, Slot.SECONDARY_NODE)));
    }

    @Test
    void resumeFromSecondaryInsertsTheFiltersBeforeTheRewriter() {
        Runbook rb = Runbooks.resume(pair, Slot.SECONDARY_NODE, true);
        assertEquals(seed("resume-from-secondary", "127.0.0.2"), ours(sent(rb, Slot.SECONDARY_NODE)));
        assertEquals(seed("prepare-secondary", "127.0.0.1"), ours(sent(rb, Slot.PRIMARY_NODE)));
    }
}
