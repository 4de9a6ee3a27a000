package org.coloconsole.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.coloconsole.app.ColoConsoleApp;
import org.coloconsole.app.WindowState;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.engine.lab.LabTopology;
import org.coloconsole.engine.testing.GuestClient;
import org.coloconsole.engine.testing.TwoHostLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The console on the two-host lab (a lab of the test's own, prefix cg): Protect from the button,
 * the service probe running from the client namespace, the primary's QEMU killed, the guided
 * failover with the lab's host fence from the wizard's button, and the clients' gap on the
 * timeline beside the checkpoints, while a client's own connection survives.
 */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class TwoHostLabGuiTest {
    private static TwoHostLab lab;
    private static Path work;
    private ColoConsoleApp app;
    private Scene scene;

    @BeforeAll
    static void twoHostLab() throws Exception {
        lab = TwoHostLab.start("cg", "10.214.0", "");
        work = Path.of("target", "gui-two-host").toAbsolutePath();
        Files.createDirectories(work);
        Files.deleteIfExists(work.resolve("window.properties"));
    }

    @AfterAll
    static void removeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Start
    void start(Stage stage) {
        app = new ColoConsoleApp();
        app.start(stage, List.of("--profile", lab.profile.toString()), new WindowState(work.resolve("window.properties")),
                new ProfileStore(work.resolve("profiles")));
        scene = stage.getScene();
    }

    private <T extends javafx.scene.Node> T node(FxRobot robot, String id, Class<T> type) {
        return robot.lookup(id).queryAs(type);
    }

    @Test
    void failoverOnTheTwoHostLabShowsTheClientsGapOnTheTimeline(FxRobot robot) throws Exception {
        Label badge = node(robot, "#stateBadge", Label.class);
        Button protect = node(robot, "#protectButton", Button.class);
        Fx.waitFor(() -> !protect.isDisabled(), Duration.ofSeconds(30), () -> "protect enabled");
        assertTrue(node(robot, "#pvm-host", Label.class).getText().contains("ssh://root@" + lab.topo.mgmtAddress("hostA")),
                node(robot, "#pvm-host", Label.class).getText());
        Fx.run(protect::fire);
        Fx.waitFor(() -> badge.getText().equals("✓ Protected"), Duration.ofSeconds(120), () -> "Protected: " + badge.getText());
        var vm = app.window().current();
        // The probe (from the client namespace, over its sshd) answers once the guest has booted under COLO.
        Fx.waitFor(() -> okSamples(vm.probe) > 30, Duration.ofSeconds(120), () -> "the service probe's answers");
        GuestClient client = new GuestClient(lab.client(), LabTopology.GUEST_ADDRESS);
        try {
            GuestClient.Echo echo = client.echo(LabTopology.GUEST_ECHO_PORT, Duration.ofSeconds(60));
            echo.awaitFlowing(10, Duration.ofSeconds(30));

            long kill = System.nanoTime();
            long killMs = System.currentTimeMillis();
            lab.killQemu("hostA");
            Button failover = node(robot, "#failoverButton", Button.class);
            Fx.waitFor(() -> !failover.isDisabled(), Duration.ofSeconds(30), () -> "failover enabled");
            Fx.run(failover::fire);
            Button next = node(robot, "#failoverWizard-next", Button.class);
            Fx.waitFor(() -> !next.isDisabled(), Duration.ofSeconds(30), () -> "the assessment");
            Fx.run(next::fire);
            // The lab's fence powers hostA off (every process of its namespace) and proves it.
            Button fence = node(robot, "#fo-fence", Button.class);
            Fx.run(fence::fire);
            Label fenceResult = node(robot, "#fo-fenceResult", Label.class);
            Fx.waitFor(() -> fenceResult.getText().startsWith("✓ fenced"), Duration.ofSeconds(30), fenceResult::getText);
            assertEquals(List.of(), lab.net.pids(lab.topo.namespace("hostA")), "nothing runs on the fenced host");
            Fx.run(next::fire); // plan
            Fx.run(next::fire); // run
            Fx.waitFor(() -> !next.isDisabled(), Duration.ofSeconds(60), () -> "the failover to finish");
            Fx.run(next::fire);
            assertTrue(node(robot, "#fo-result", Label.class).getText().startsWith("✓"));
            Fx.run(next::fire); // Finish

            // The client's own connection goes on; the console's probe saw the gap and draws it.
            echo.awaitFlowing(20, Duration.ofSeconds(60));
            assertEquals(List.of(), echo.problems(), "no line lost, duplicated or reordered");
            long clientGap = echo.gapAroundMs(kill);
            var timeline = app.window().charts().timeline();
            // The gap of the failover: the one around the kill (a new connection can cost a checkpoint's wait too).
            java.util.function.Supplier<java.util.Optional<long[]>> failoverGap = () -> timeline.gapsInView(System.currentTimeMillis())
                    .stream().filter(x -> x[0] <= killMs + 50 && x[1] >= killMs).findFirst();
            Fx.waitFor(() -> failoverGap.get().isPresent(), Duration.ofSeconds(30), () -> "the failover's gap on the timeline");
            long[] gap = Fx.call(failoverGap::get).orElseThrow();
            long probeGap = gap[1] - gap[0];
            assertTrue(probeGap > 100 && probeGap < 20_000, "the probe's gap: " + probeGap + " ms (client's: " + clientGap + " ms)");
            String hover = Fx.call(() -> {
                long now = System.currentTimeMillis();
                timeline.hoverAt(timeline.xOf((gap[0] + gap[1]) / 2, now));
                timeline.draw(now);
                return timeline.hoverText();
            });
            assertTrue(hover.startsWith("clients saw nothing for ") || hover.startsWith("#"), hover);
            // The last minute, as an operator looking at the failover would choose; drawn now, not at the next pulse.
            Fx.run(() -> {
                timeline.hoverAt(-1);
                node(robot, "#span1min", Button.class).fire();
                timeline.draw(System.currentTimeMillis());
            });
            Screenshots.save(scene, "two-host-failover-client-gap");
            System.out.println("[two-host gui] probe gaps " + Fx.call(() -> timeline.gapsInView(System.currentTimeMillis()))
                    .stream().map(x -> (x[1] - x[0]) + " ms at " + java.time.Instant.ofEpochMilli(x[0])).toList()
                    + ", kill at " + java.time.Instant.ofEpochMilli(killMs));
            System.out.println("[two-host gui] client gap " + clientGap + " ms, probe gap " + probeGap + " ms");
        } finally {
            client.close();
        }
    }

    private static int okSamples(org.coloconsole.app.timeline.ProbeSeries p) {
        if (p == null) {
            return 0;
        }
        int n = 0; // on the FX thread already (Fx.waitFor evaluates there)
        for (int i = 0; i < p.size(); i++) {
            if (p.latencyMs(i) >= 0) {
                n++;
            }
        }
        return n;
    }
}
