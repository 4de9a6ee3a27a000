package org.coloconsole.engine.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QmpFrameDecoderTest {

    private static EmbeddedChannel channel(int max) {
        return new EmbeddedChannel(new QmpFrameDecoder(max));
    }

    private static void write(EmbeddedChannel ch, String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    @Test
    void splitsCrLfTerminatedMessages() {
        EmbeddedChannel ch = channel(1024);
        write(ch, "{\"return\": {}, \"id\": \"1\"}\r\n{\"event\": \"STOP\"}\r\n");
        JsonNode a = ch.readInbound();
        JsonNode b = ch.readInbound();
        assertEquals("1", a.get("id").asText());
        assertEquals("STOP", b.get("event").asText());
        assertNull(ch.readInbound());
    }

    @Test
    void waitsForTheLineEndAcrossReads() {
        EmbeddedChannel ch = channel(1024);
        write(ch, "{\"return\"");
        assertNull(ch.readInbound());
        write(ch, ": 42}");
        assertNull(ch.readInbound());
        write(ch, "\n");
        JsonNode a = ch.readInbound();
        assertEquals(42, a.get("return").asInt());
    }

    @Test
    void skipsBlankLinesAndAcceptsBareLf() {
        EmbeddedChannel ch = channel(1024);
        write(ch, "\r\n  \n{\"a\": 1}\n\n");
        JsonNode a = ch.readInbound();
        assertEquals(1, a.get("a").asInt());
        assertNull(ch.readInbound());
    }

    @Test
    void keepsNonAsciiText() {
        EmbeddedChannel ch = channel(1024);
        write(ch, "{\"return\": \"Grüße ✓\"}\r\n");
        JsonNode a = ch.readInbound();
        assertEquals("Grüße ✓", a.get("return").asText());
    }

    @Test
    void anOverlongLineFailsBeforeItsEndArrives() {
        EmbeddedChannel ch = channel(1024);
        DecoderException e = assertThrows(DecoderException.class, () -> write(ch, "{\"a\": \"" + "x".repeat(2000)));
        assertInstanceOf(QmpProtocolException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("longer than 1024"), e.getCause().getMessage());
        // Afterwards everything is discarded, nothing buffered.
        write(ch, "\"}\r\n{\"b\": 1}\r\n");
        assertNull(ch.readInbound());
        assertFalse(ch.finish() && ch.readInbound() != null);
    }

    @Test
    void malformedJsonAndNonObjectsAreProtocolErrors() {
        DecoderException e1 = assertThrows(DecoderException.class, () -> write(channel(1024), "{\"a\": }\r\n"));
        assertTrue(e1.getCause().getMessage().contains("malformed JSON"), e1.getCause().getMessage());
        DecoderException e2 = assertThrows(DecoderException.class, () -> write(channel(1024), "[1, 2]\r\n"));
        assertTrue(e2.getCause().getMessage().contains("not a JSON object"), e2.getCause().getMessage());
        DecoderException e3 = assertThrows(DecoderException.class, () -> write(channel(1024), "{\"a\": 1} {\"b\": 2}\r\n"));
        assertInstanceOf(QmpProtocolException.class, e3.getCause());
    }
}
