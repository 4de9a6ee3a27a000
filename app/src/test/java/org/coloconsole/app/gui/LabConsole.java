package org.coloconsole.app.gui;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import javafx.stage.Stage;
import org.coloconsole.app.ColoConsoleApp;
import org.coloconsole.app.WindowState;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.lab.LabSetup;
import org.coloconsole.engine.testing.LabFixture;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.runbook.Executor;
import org.coloconsole.engine.runbook.Journal;
import org.coloconsole.engine.runbook.PairContext;
import org.coloconsole.engine.model.RunListener;
import org.coloconsole.engine.runbook.Runbooks;

/**
 * The real local lab pair for a GUI test: nothing running, fresh disks, a profile with the
 * test's extra pair keys, and consoles opened on it with their own window state and store.
 */
final class LabConsole {
    final Path work;
    final Path profile;
    final PairSpec pair;

    private LabConsole(Path work, Path profile, PairSpec pair) {
        this.work = work;
        this.profile = profile;
        this.pair = pair;
    }

    /**
     * @param extraPairKeys profile lines added to the pair (indented by four spaces)
     * @param fillDisk      real data on the whole disk, so a resync takes measurable time
     */
    static LabConsole prepare(String workName, String extraPairKeys, boolean fillDisk) throws Exception {
        return prepare(workName, extraPairKeys, fillDisk, false);
    }

    /** @param fence each node gets the lab's fence agent (kills that node's QEMU, its command line checked; verified) */
    static LabConsole prepare(String workName, String extraPairKeys, boolean fillDisk, boolean fence) throws Exception {
        Path work = Path.of("target", workName).toAbsolutePath();
        Files.createDirectories(work);
        // The loopback lab's pair (its assets built once); the operator's two-host lab is never touched.
        // The pair's files under the test's own work dir: an operator's loopback lab is never touched.
        PairSpec lab = LabProfile.profile(LabFixture.assets(), work.resolve("pair")).pair("lab").orElseThrow();
        stop(lab, work);
        LocalHost h = new LocalHost();
        LabSetup.createDisks(h, lab, true, line -> { });
        if (fillDisk) {
            h.check(Command.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 1M 63M", lab.primary().image()));
            h.check(Command.of("cp", lab.primary().image(), lab.secondary().image()));
        }
        Files.deleteIfExists(work.resolve("window.properties")); // every run starts at the default size
        Path profile = work.resolve("lab.yaml");
        Path agent = fence ? LabSetup.findFenceAgent().orElseThrow() : null;
        Files.writeString(profile, LabProfile.yaml(LabFixture.assets(), work.resolve("pair"), agent)
                .replace("    checkpointDelayMs: 2000\n", "    checkpointDelayMs: 2000\n" + extraPairKeys));
        return new LabConsole(work, profile, ProfileLoader.load(profile).pairs().get(0));
    }

    /** A console on the profile, as the launcher starts it; {@code stateName} keeps two consoles' windows apart. */
    ColoConsoleApp open(Stage stage, String stateName) {
        ColoConsoleApp app = new ColoConsoleApp();
        app.start(stage, List.of("--profile", profile.toString()), new WindowState(work.resolve(stateName)),
                new ProfileStore(work.resolve("profiles")));
        return app;
    }

    /** Stops both QEMUs of the pair (the test's teardown). */
    void teardown() {
        stop(pair, work);
    }

    private static void stop(PairSpec pair, Path work) {
        LocalHost h = new LocalHost();
        try (PairContext ctx = new PairContext(pair, n -> h, new Journal(work.resolve("teardown.jsonl")))) {
            Executor.run(Runbooks.teardown(pair), ctx, RunListener.NONE);
        }
    }

    long pid(String pidFile) throws Exception {
        return Long.parseLong(Files.readString(Path.of(pidFile)).strip());
    }

    /** GET with a bounded retry (20 tries, 0.5 s apart): the guest's HTTP service through a host forward. */
    static String httpGet(String url) {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        Exception last = null;
        for (int i = 0; i < 20; i++) {
            try {
                return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (Exception e) {
                last = e;
                LockSupport.parkNanos(500_000_000L);
            }
        }
        throw new AssertionError("no HTTP answer from " + url + ": " + last);
    }
}
