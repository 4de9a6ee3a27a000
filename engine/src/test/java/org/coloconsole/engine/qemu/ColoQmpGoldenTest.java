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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated QMP sequences are the seed's JSON, modulo the differences {@link ColoQmp} lists. */
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

    @Test
    void prepareSecondary() {
        assertEquals(seed("prepare-secondary", "127.0.0.2"), ours(ColoQmp.prepareSecondary(pair.secondary())));
    }

    @Test
    void startPrimary() {
        assertEquals(seed("start-primary", "127.0.0.1"), ours(ColoQmp.startPrimary(pair.secondary(), 2000)));
    }

    @Test
    void failoverPrimary() {
        assertEquals(seed("failover-primary", "127.0.0.1"), ours(ColoQmp.failoverPrimary()));
    }

    @Test
    void failoverSecondary() {
        assertEquals(seed("failover-secondary", "127.0.0.2"), ours(ColoQmp.failoverSecondary(pair.secondary())));
    }

    @Test
    void resumeFromPrimary() {
        List<QmpCall> calls = new ArrayList<>();
        calls.add(ColoQmp.startResync(pair.secondary()));
        calls.addAll(ColoQmp.finishResume(pair.secondary(), false));
        assertEquals(seed("resume-from-primary", "127.0.0.1"), ours(calls));
    }

    @Test
    void resumeFromSecondaryInsertsTheFiltersBeforeTheRewriter() {
        List<QmpCall> calls = new ArrayList<>();
        calls.add(ColoQmp.startResync(pair.primary()));
        calls.addAll(ColoQmp.finishResume(pair.primary(), true));
        assertEquals(seed("resume-from-secondary", "127.0.0.2"), ours(calls));
    }
}
