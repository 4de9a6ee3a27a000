package org.coloconsole.app.gui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.coloconsole.app.profile.ProfileEditorModel;
import org.coloconsole.app.profile.ProfileEditorView;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.app.profile.ProfileForm;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.control.Session;
import org.coloconsole.engine.testing.SshdFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The profile editor validates with the engine's parser, field by field, and saves only a valid pair. */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class ProfileEditorGuiTest {
    private static final Path STORE = Path.of("target", "gui-profiles").toAbsolutePath();
    private final List<PairSpec> saved = new ArrayList<>();
    private final Session ssh = new Session();
    private Stage editor;

    private Stage owner;

    @Start
    void start(Stage stage) {
        owner = stage;
        // An owner with a scene: Monocle cannot disable a scene-less owner for a modal window.
        stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.Pane(), 300, 200));
        stage.show();
        PairSpec lab = LabProfile.profile().pairs().get(0);
        editor = ProfileEditorView.open(stage, new ProfileEditorModel(ProfileForm.from(lab, "rack-7"), new ProfileStore(STORE),
                ssh, UiThreads.console(), saved::add));
    }

    @AfterEach
    void close() {
        ssh.close();
    }

    @Test
    void aBadPortIsRejectedInlineAndSaveWaitsForAFix(FxRobot robot) throws Exception {
        TextField port = robot.lookup("#pe-primary-portBase").queryAs(TextField.class);
        Label error = robot.lookup("#pe-primary-portBase-error").queryAs(Label.class);
        Button save = robot.lookup("#pe-save").queryAs(Button.class);
        assertFalse(Fx.call(save::isDisabled), "the lab template is valid");
        assertFalse(Fx.call(error::isVisible));

        Fx.run(() -> port.setText("70000"));
        assertTrue(Fx.call(error::isVisible));
        String message = Fx.call(error::getText);
        assertTrue(message.contains("70000") && message.contains("1.."), message);
        assertTrue(Fx.call(() -> port.getStyleClass().contains("field-invalid")));
        assertTrue(Fx.call(save::isDisabled), "an invalid pair cannot be saved");
        Screenshots.save(editor.getScene(), "profile-editor-bad-port");

        Fx.run(() -> port.setText("nine"));
        assertTrue(Fx.call(error::getText).contains("whole number"), Fx.call(error::getText));

        Fx.run(() -> port.setText("9101"));
        assertFalse(Fx.call(error::isVisible));
        assertFalse(Fx.call(save::isDisabled));
        Fx.run(save::fire);
        Fx.waitFor(() -> !saved.isEmpty(), Duration.ofSeconds(5), () -> "the saved pair handed to the console");
        Path file = STORE.resolve("rack-7.yaml");
        assertTrue(Files.readString(file).contains("portBase: 9101"), Files.readString(file));
        assertTrue(saved.get(0).primary().portBase() == 9101);
    }

    @Test
    void anUnknownHostKeyIsShownByFingerprintAndTrustedOnlyOnAClick(FxRobot robot) throws Exception {
        Files.createDirectories(Path.of("target"));
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "gui-sshd");
        try (SshdFixture sshd = SshdFixture.start(dir)) {
            Path knownHosts = dir.resolve("console_known_hosts");
            Files.deleteIfExists(knownHosts);
            ProfileForm form = ProfileForm.from(LabProfile.profile().pairs().get(0), "remote");
            form.set("primary.host", "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + sshd.port());
            form.set("primary.identity", sshd.userKey().toString());
            form.set("primary.knownHosts", knownHosts.toString());
            Stage remote = Fx.call(() -> ProfileEditorView.open(owner, new ProfileEditorModel(form, new ProfileStore(STORE), ssh,
                    UiThreads.console(), saved::add)));
            Button check = Fx.call(() -> (Button) remote.getScene().lookup("#pe-hostkeys"));
            Fx.run(check::fire);
            Label line = Fx.call(() -> (Label) remote.getScene().lookup("#pe-hostkey-primary"));
            Fx.waitFor(() -> line.getText().startsWith("? Unknown host key"), Duration.ofSeconds(20), line::getText);
            String fingerprint = SshdFixture.run(List.of("ssh-keygen", "-lf", sshd.hostPublicKey().toString())).split(" ")[1];
            assertTrue(line.getText().contains(fingerprint), line.getText() + " vs " + fingerprint);
            assertFalse(Files.exists(knownHosts) && Files.readString(knownHosts).contains("127.0.0.1"),
                    "nothing trusted before the click");
            Screenshots.save(remote.getScene(), "profile-editor-host-key");
            Button trust = Fx.call(() -> (Button) remote.getScene().lookup("#pe-trust-primary"));
            Fx.run(trust::fire);
            assertTrue(Files.readString(knownHosts).contains("ssh-ed25519"), "the key is in known_hosts now");
            Fx.run(check::fire);
            Label again = Fx.call(() -> (Label) remote.getScene().lookup("#pe-hostkey-primary"));
            Fx.waitFor(() -> again.getText().contains("verified, logged in"), Duration.ofSeconds(20), again::getText);
            Fx.run(() -> remote.close());
        }
    }
}
