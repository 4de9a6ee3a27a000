package org.coloconsole.engine.qmp;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits the QMP byte stream into messages and parses each into a JSON object.
 *
 * <p>QEMU writes every message as one line of compact JSON ending in {@code \r\n}, so framing is
 * by line feed. A line longer than {@code maxFrameBytes} fails as soon as that many bytes have
 * arrived without a line feed, so a hostile peer cannot make us buffer without bound. After the
 * first failure the decoder discards everything: the handler closes the connection.
 */
public final class QmpFrameDecoder extends ByteToMessageDecoder {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectReader READER = MAPPER.reader();

    private final int maxFrameBytes;
    /** Bytes of the current partial line already searched for a line feed (avoids rescanning). */
    private int scanned;
    private boolean failed;

    public QmpFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            int start = in.readerIndex();
            int searchFrom = start + scanned;
            int lf = in.forEachByte(searchFrom, in.writerIndex() - searchFrom, ByteProcessor.FIND_LF);
            if (lf < 0) {
                scanned = in.writerIndex() - start;
                if (scanned > maxFrameBytes) {
                    throw fail(in, "QMP message longer than " + maxFrameBytes + " bytes (no line end after "
                            + scanned + " bytes)");
                }
                return;
            }
            scanned = 0;
            int length = lf - start;
            if (length > maxFrameBytes) {
                throw fail(in, "QMP message of " + length + " bytes is longer than the limit of " + maxFrameBytes);
            }
            int end = lf;
            if (end > start && in.getByte(end - 1) == '\r') {
                end--;
            }
            if (!isBlank(in, start, end)) {
                out.add(parse(in, start, end - start));
            }
            in.readerIndex(lf + 1);
        }
    }

    private JsonNode parse(ByteBuf in, int offset, int length) {
        JsonNode node;
        try {
            if (in.hasArray()) {
                node = READER.readTree(in.array(), in.arrayOffset() + offset, length);
            } else {
                // Netty reads into direct buffers; one copy into a heap array is cheaper than a stream.
                byte[] bytes = new byte[length];
                in.getBytes(offset, bytes);
                node = READER.readTree(bytes);
            }
        } catch (IOException e) {
            throw fail(in, "malformed JSON from QMP peer: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + " in "
                    + QmpProtocolException.excerpt(in.toString(offset, Math.min(length, 400), StandardCharsets.UTF_8)), e);
        }
        if (node == null || !node.isObject()) {
            throw fail(in, "QMP message is not a JSON object: "
                    + QmpProtocolException.excerpt(in.toString(offset, Math.min(length, 400), StandardCharsets.UTF_8)));
        }
        return node;
    }

    private QmpProtocolException fail(ByteBuf in, String message) {
        return fail(in, message, null);
    }

    private QmpProtocolException fail(ByteBuf in, String message, Throwable cause) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return cause == null ? new QmpProtocolException(message) : new QmpProtocolException(message, cause);
    }

    private static boolean isBlank(ByteBuf in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
