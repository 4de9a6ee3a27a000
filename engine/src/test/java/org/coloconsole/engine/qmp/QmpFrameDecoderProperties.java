package org.coloconsole.engine.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** However the bytes of a valid QMP stream are split into reads, the same messages come out. */
class QmpFrameDecoderProperties {

    @Property(tries = 300)
    void randomSplitsYieldTheSameMessages(@ForAll("messages") List<ObjectNode> messages,
                                          @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 100_000) Integer> cuts,
                                          @ForAll boolean crlf) {
        StringBuilder stream = new StringBuilder();
        for (ObjectNode m : messages) {
            stream.append(m.toString()).append(crlf ? "\r\n" : "\n");
        }
        byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
        List<Integer> points = new ArrayList<>();
        for (int c : cuts) {
            points.add(c % (bytes.length + 1));
        }
        points.add(0);
        points.add(bytes.length);
        points.sort(null);

        EmbeddedChannel ch = new EmbeddedChannel(new QmpFrameDecoder(1 << 20));
        for (int i = 1; i < points.size(); i++) {
            int from = points.get(i - 1);
            int to = points.get(i);
            if (to > from) {
                ch.writeInbound(Unpooled.copiedBuffer(bytes, from, to - from));
            }
        }
        List<JsonNode> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add((JsonNode) o);
        }
        // Compare as text: Jackson's LongNode(1) and the parsed IntNode(1) are the same JSON.
        assertEquals(messages.stream().map(JsonNode::toString).toList(), out.stream().map(JsonNode::toString).toList());
    }

    @Provide
    Arbitrary<List<ObjectNode>> messages() {
        Arbitrary<String> names = Arbitraries.of("STOP", "RESUME", "MIGRATION", "COLO_EXIT", "query-status");
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(60)
                .withChars("abc XYZ\"\\{}[]:,\u00e9\u2713\t/");
        Arbitrary<Long> numbers = Arbitraries.longs();
        return Combinators.combine(names, text, numbers, Arbitraries.integers().between(0, 3)).as((n, t, x, kind) -> {
            ObjectNode o = QmpClient.args();
            switch (kind) {
                case 0 -> o.put("event", n).putObject("data").put("reason", t).put("n", x);
                case 1 -> o.put("id", Long.toString(x, 36)).putObject("return").put("status", t);
                case 2 -> o.put("id", t).putObject("error").put("class", n).put("desc", t);
                default -> o.put("id", x).putArray("return").add(t).add(x).add(true);
            }
            return o;
        }).list().ofMinSize(1).ofMaxSize(30);
    }
}
