package org.coloconsole.engine.e2e;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.runbook.Hosts;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.remote.ssh.SshConnector;
import org.coloconsole.engine.testing.LabFixture;
import org.coloconsole.engine.testing.SshdFixture;

/**
 * The lab pair of the built-in profile, with both nodes reached over SSH through a real OpenSSH
 * server on loopback (as a remote pair would be), its disks in a temp dir, and the guest's
 * services reachable through the host forwards.
 */
final class LabPairFixture {
    static final int HTTP_PRIMARY = 18080;
    static final int HTTP_SECONDARY = 18081;
    static final int COUNTER_PRIMARY = 18084;
    static final int COUNTER_SECONDARY = 18087;

    final PairSpec pair;
    final PairContext ctx;
    final Journal journal;

    LabPairFixture(Path dir, SshdFixture sshd, SshConnector connector) {
        Path lab = LabFixture.assets();
        String ssh = "host: ssh://" + sshd.target().user() + "@127.0.0.1:" + sshd.port()
                + "\n      identity: " + sshd.userKey() + "\n      knownHosts: " + sshd.knownHosts();
        String yaml = LabProfile.yaml(lab, dir.resolve("pair")).replace("host: local", ssh);
        pair = ProfileLoader.parse("e2e-lab.yaml", yaml).pair("lab").orElseThrow();
        journal = new Journal(dir.resolve("journal/lab.jsonl"));
        ctx = new PairContext(pair, n -> Hosts.open(n.host(), connector), journal);
    }

    /** A fresh 64 MiB disk for the primary and its copy for the secondary. */
    void createDisks() {
        org.coloconsole.engine.lab.LabSetup.createDisks(new LocalHost(), pair, true, line -> { });
    }

    static String http(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static long counter(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.shutdownOutput();
            String t = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return t.matches("\\d+") ? Long.parseLong(t) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    static boolean listening(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new java.net.InetSocketAddress(address, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
