package org.coloconsole.engine.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.coloconsole.engine.net.Endpoint;

/**
 * A plain-socket QMP peer on loopback that plays a script, for testing how the client handles a
 * misbehaving or hostile monitor. Accepts one connection; the script's failure is reported by
 * {@link #finished()}.
 */
public final class ScriptedQmpPeer implements AutoCloseable {

    public static final String GREETING =
            "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, \"package\": \"scripted\"},"
                    + " \"capabilities\": [\"oob\"]}}";

    /** The peer's side of the connection, as the script sees it. */
    public interface Connection {
        String readLine() throws IOException;

        void send(String line) throws IOException;

        void sendRaw(byte[] bytes) throws IOException;

        OutputStream out();

        /** Sends the greeting and answers qmp_capabilities, as QEMU does. */
        default void greetAndNegotiate() throws IOException {
            send(GREETING);
            String caps = readLine();
            if (caps == null || !caps.contains("qmp_capabilities")) {
                throw new IOException("expected qmp_capabilities, got " + caps);
            }
            send("{\"return\": {}, \"id\": " + idOf(caps) + "}");
        }
    }

    public interface Script {
        void play(Connection c) throws Exception;
    }

    private final ServerSocket server;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile Socket socket;

    public ScriptedQmpPeer(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> run(script), "scripted-qmp-peer");
        t.setDaemon(true);
        t.start();
    }

    private void run(Script script) {
        try (Socket s = server.accept()) {
            socket = s;
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            script.play(new Connection() {
                @Override
                public String readLine() throws IOException {
                    return in.readLine();
                }

                @Override
                public void send(String line) throws IOException {
                    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }

                @Override
                public void sendRaw(byte[] bytes) throws IOException {
                    out.write(bytes);
                    out.flush();
                }

                @Override
                public OutputStream out() {
                    return out;
                }
            });
            finished.complete(null);
        } catch (Exception e) {
            finished.completeExceptionally(e);
        }
    }

    public Endpoint endpoint() {
        return Endpoint.tcp("127.0.0.1", server.getLocalPort());
    }

    public CompletableFuture<Void> finished() {
        return finished;
    }

    /** Extracts the raw JSON id value ("abc" with quotes) from a command line we received. */
    public static String idOf(String commandLine) {
        int i = commandLine.indexOf("\"id\"");
        if (i < 0) {
            return "null";
        }
        int colon = commandLine.indexOf(':', i);
        int end = commandLine.indexOf('}', colon);
        int comma = commandLine.indexOf(',', colon);
        if (comma > 0 && comma < end) {
            end = comma;
        }
        return commandLine.substring(colon + 1, end).trim();
    }

    @Override
    public void close() throws IOException {
        Socket s = socket;
        if (s != null) {
            s.close();
        }
        server.close();
    }
}
