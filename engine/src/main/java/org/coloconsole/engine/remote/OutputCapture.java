package org.coloconsole.engine.remote;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An OutputStream that cuts a command's output into lines for a listener and keeps the first
 * {@code limit} bytes as text for the result. Every line reaches the listener, however long the
 * output; memory stays bounded.
 */
public final class OutputCapture extends OutputStream {
    static final int DEFAULT_LIMIT = 1 << 20;
    /** A line longer than this is passed on in pieces, so one endless line cannot grow memory. */
    private static final int MAX_LINE = 1 << 16;

    private final Consumer<String> lines;
    private final int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream(1024);
    private boolean truncated;
    private Consumer<String> firstLineHook;

    OutputCapture(Consumer<String> lines, int limit) {
        this.lines = lines;
        this.limit = limit;
    }

    /** The first line goes to this hook instead of the listener and the capture (a wrapper's header). */
    public OutputCapture interceptFirstLine(Consumer<String> hook) {
        this.firstLineHook = hook;
        return this;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n') {
                line.write(b, start, i - start);
                emit(true);
                start = i + 1;
            } else if (line.size() + (i - start) >= MAX_LINE) {
                line.write(b, start, i - start);
                emit(false);
                start = i;
            }
        }
        line.write(b, start, end - start);
    }

    /** Hands a line to the listener (without its CR LF) and keeps its exact bytes for the text. */
    private void emit(boolean lineEnd) {
        byte[] bytes = line.toByteArray();
        line.reset();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') {
            n--;
        }
        String text = new String(bytes, 0, n, StandardCharsets.UTF_8);
        if (firstLineHook != null) {
            Consumer<String> hook = firstLineHook;
            firstLineHook = null;
            hook.accept(text);
            return;
        }
        keep(bytes, lineEnd);
        lines.accept(text);
    }

    private void keep(byte[] bytes, boolean lineEnd) {
        int n = bytes.length + (lineEnd ? 1 : 0);
        int room = limit - kept.size();
        if (room < n) {
            truncated = true;
            return;
        }
        kept.write(bytes, 0, bytes.length);
        if (lineEnd) {
            kept.write('\n');
        }
    }

    /** Flushes a last line without a line end. */
    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit(false);
        }
    }

    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }

    synchronized boolean truncated() {
        return truncated;
    }
}
