package org.coloconsole.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A load generator for the soak benchmark: a QMP peer on a real UNIX socket that answers the
 * monitor's queries as a COLO node of QEMU 7.2 does and sends events as fast as the reader takes
 * them (time compressed: the events carry the simulated clock). Every connection gets every
 * event, as QEMU sends events to every monitor.
 */
final class UnixQmpLoad implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 19, \"minor\": 2, \"major\": 7}, "
            + "\"package\": \"soak load\"}, \"capabilities\": [\"oob\"]}}\r\n";
    private final ServerSocketChannel server;
    private final String mode;
    private final int delayMs;
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean open = true;

    private static final class Conn {
        final SocketChannel ch;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }

        synchronized void send(String line) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** @param mode "primary" or "secondary", what query-colo-status says */
    UnixQmpLoad(Path socket, String mode, int delayMs) throws IOException {
        this.mode = mode;
        this.delayMs = delayMs;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(this::accept, "soak qmp " + socket.getFileName());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int connections() {
        return conns.size();
    }

    private void accept() {
        while (open) {
            try {
                SocketChannel ch = server.accept();
                Conn c = new Conn(ch);
                c.send(GREETING);
                conns.add(c);
                Thread t = new Thread(() -> serve(c), "soak qmp reader");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Conn c) {
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        StringBuilder line = new StringBuilder();
        try {
            while (c.ch.read(in) >= 0) {
                in.flip();
                line.append(StandardCharsets.UTF_8.decode(in));
                in.clear();
                int nl;
                while ((nl = line.indexOf("\n")) >= 0) {
                    String cmd = line.substring(0, nl).strip();
                    line.delete(0, nl + 1);
                    if (!cmd.isEmpty()) {
                        c.send(answer(JSON.readTree(cmd)) + "\r\n");
                    }
                }
            }
        } catch (IOException e) {
            // the engine closed it
        } finally {
            conns.remove(c);
        }
    }

    private String answer(JsonNode cmd) {
        String name = cmd.has("execute") ? cmd.path("execute").asText() : cmd.path("exec-oob").asText();
        String ret = switch (name) {
            case "query-status" -> "{\"status\": \"running\", \"singlestep\": false, \"running\": true}";
            case "query-colo-status" -> "{\"mode\": \"" + mode + "\", \"last-mode\": \"none\", \"reason\": \"none\"}";
            case "query-migrate" -> "{\"status\": \"colo\"}";
            case "query-migrate-parameters" -> "{\"x-checkpoint-delay\": " + delayMs + "}";
            case "query-chardev", "query-block-jobs", "query-yank", "query-named-block-nodes" -> "[]";
            case "query-version" -> "{\"qemu\": {\"micro\": 19, \"minor\": 2, \"major\": 7}, \"package\": \"\"}";
            default -> "{}";
        };
        return "{\"return\": " + ret + (cmd.has("id") ? ", \"id\": " + cmd.get("id") : "") + "}";
    }

    /** Sends one checkpoint's events (STOP, RESUME 20 ms later, MIGRATION_PASS) stamped at {@code atMicros}. */
    void checkpoint(long atMicros, long pass) throws IOException {
        String events = event("STOP", atMicros, null) + event("RESUME", atMicros + 20_000, null)
                + event("MIGRATION_PASS", atMicros + 21_000, "{\"pass\": " + pass + "}");
        for (Conn c : conns) {
            try {
                c.send(events);
            } catch (IOException e) {
                conns.remove(c);
            }
        }
    }

    private static String event(String name, long micros, String data) {
        return "{\"timestamp\": {\"seconds\": " + micros / 1_000_000 + ", \"microseconds\": " + micros % 1_000_000
                + "}, \"event\": \"" + name + "\"" + (data == null ? "" : ", \"data\": " + data) + "}\r\n";
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        for (Conn c : conns) {
            c.ch.close();
        }
    }
}
