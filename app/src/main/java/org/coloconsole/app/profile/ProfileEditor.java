package org.coloconsole.app.profile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.coloconsole.app.wizard.Background;
import org.coloconsole.app.wizard.PreflightView;
import org.coloconsole.engine.cluster.ClusterProfile;
import org.coloconsole.engine.cluster.HostAccess;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileError;
import org.coloconsole.engine.cluster.ProfileException;
import org.coloconsole.engine.control.Profiles;
import org.coloconsole.engine.control.Session;
import org.coloconsole.engine.model.HostKeyCheck;
import org.coloconsole.engine.control.PairController;
import org.coloconsole.engine.model.PreflightReport;
import org.coloconsole.engine.model.Role;

/**
 * Profile editor / add pair: a form validated on every keystroke by the engine's own profile
 * parser (its errors shown under the field they name), SSH host keys confirmed by fingerprint,
 * a preflight of both nodes, then saved as a profile file of its own.
 */
public final class ProfileEditor {
    private final Stage stage = new Stage();
    private final Map<String, TextField> fields = new HashMap<>();
    private final Map<String, Label> errors = new HashMap<>();
    private final Label general = new Label();
    private final Button save = new Button("Save pair");
    private final VBox hostKeys = new VBox(6);
    private final PreflightView preflight = new PreflightView();
    private final ProfileStore store;
    private final Session session;
    private final Consumer<PairSpec> onSaved;
    private PairSpec valid;
    private String validYaml;

    public ProfileEditor(Window owner, ProfileForm initial, ProfileStore store, Session session, Consumer<PairSpec> onSaved) {
        this.store = store;
        this.session = session;
        this.onSaved = onSaved;
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Add pair · profile editor");
        GridPane pairGrid = new GridPane();
        pairGrid.setHgap(8);
        pairGrid.setVgap(2);
        int r = 0;
        r = field(pairGrid, r, "name", "Pair name", initial);
        r = field(pairGrid, r, "checkpointDelayMs", "Checkpoint delay (ms)", initial);
        r = field(pairGrid, r, "resyncMiBps", "Resync cap (MiB/s, 0 = none)", initial);
        for (var e : ProfileForm.PROBE_FIELDS.entrySet()) {
            r = field(pairGrid, r, e.getKey(), e.getValue(), initial);
        }
        HBox nodes = new HBox(16);
        for (String role : new String[] {"primary", "secondary"}) {
            GridPane g = new GridPane();
            g.setHgap(8);
            g.setVgap(2);
            Label head = new Label(role.equals("primary") ? "Primary node (PVM)" : "Secondary node (SVM)");
            head.getStyleClass().add("card-title");
            g.add(head, 0, 0, 2, 1);
            int row = 1;
            for (var e : ProfileForm.NODE_FIELDS.entrySet()) {
                row = field(g, row, role + "." + e.getKey(), e.getValue(), initial);
            }
            nodes.getChildren().add(g);
        }
        general.setId("pe-general");
        general.setWrapText(true);
        general.getStyleClass().add("field-error");
        save.setId("pe-save");
        save.setDefaultButton(true);
        save.setOnAction(e -> save());
        Button keys = new Button("Check SSH host keys");
        keys.setId("pe-hostkeys");
        keys.setOnAction(e -> checkHostKeys());
        Button pre = new Button("Preflight both nodes");
        pre.setId("pe-preflight");
        pre.setOnAction(e -> runPreflight());
        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> stage.close());
        hostKeys.setId("pe-hostkeyList");
        preflight.setId("pe-preflightReport");
        VBox content = new VBox(10, pairGrid, nodes, general, new HBox(8, keys, pre, save, cancel), hostKeys, preflight);
        content.setPadding(new Insets(14));
        content.getStyleClass().add("wizard");
        content.setId("profileEditor");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        Scene scene = new Scene(scroll, 980, 760);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        validate();
    }

    private int field(GridPane g, int row, String key, String label, ProfileForm initial) {
        TextField t = new TextField(initial.get(key));
        t.setId("pe-" + key.replace('.', '-'));
        t.setPrefColumnCount(24);
        Label err = new Label();
        err.setId("pe-" + key.replace('.', '-') + "-error");
        err.getStyleClass().add("field-error");
        err.setWrapText(true);
        err.setMaxWidth(300);
        err.setManaged(false);
        err.setVisible(false);
        t.textProperty().addListener((o, a, b) -> validate());
        fields.put(key, t);
        errors.put(key, err);
        g.add(new Label(label), 0, row);
        g.add(t, 1, row);
        g.add(err, 1, row + 1);
        return row + 2;
    }

    public Stage stage() {
        return stage;
    }

    public void open() {
        stage.show();
    }

    private ProfileForm form() {
        ProfileForm f = new ProfileForm();
        fields.forEach((k, t) -> f.set(k, t.getText()));
        return f;
    }

    /** Parses what the form says with the engine's parser; errors go under their fields. */
    private void validate() {
        errors.values().forEach(l -> {
            l.setText("");
            l.setVisible(false);
            l.setManaged(false);
        });
        fields.values().forEach(t -> t.getStyleClass().remove("field-invalid"));
        String yaml = form().toYaml();
        try {
            ClusterProfile p = Profiles.parse("(profile editor)", yaml);
            valid = p.pairs().get(0);
            validYaml = yaml;
            general.setText("");
            save.setDisable(false);
        } catch (ProfileException e) {
            valid = null;
            save.setDisable(true);
            StringBuilder rest = new StringBuilder();
            for (ProfileError err : e.errors()) {
                String key = ProfileForm.keyOf(err.field());
                Label l = errors.get(key);
                if (l != null) {
                    l.setText((l.getText().isEmpty() ? "" : l.getText() + "; ") + err.message());
                    l.setVisible(true);
                    l.setManaged(true);
                    fields.get(key).getStyleClass().add("field-invalid");
                } else {
                    rest.append(err.field().replaceFirst("^pairs\\[0]\\.?", "")).append(": ").append(err.message()).append('\n');
                }
            }
            general.setText(rest.toString().strip());
        }
    }

    private void checkHostKeys() {
        hostKeys.getChildren().setAll(new Label("Connecting…"));
        PairSpec p = valid;
        if (p == null) {
            hostKeys.getChildren().setAll(new Label("Fix the form first."));
            return;
        }
        hostKeys.getChildren().clear();
        for (NodeSpec n : List.of(p.primary(), p.secondary())) {
            String role = n == p.primary() ? "primary" : "secondary";
            if (!(n.host() instanceof HostAccess.Ssh)) {
                Label local = new Label("✓ " + role + ": " + n.host() + ", the console's own machine, no SSH");
                local.setId("pe-hostkey-" + role);
                hostKeys.getChildren().add(local);
                continue;
            }
            Label line = new Label("checking " + n.host() + "…");
            line.setId("pe-hostkey-" + role);
            line.setWrapText(true);
            HBox row = new HBox(8, line);
            hostKeys.getChildren().add(row);
            Background.run("host-key", () -> session.checkHostKey(n.host()), (HostKeyCheck k) -> {
                switch (k.status()) {
                    case VERIFIED -> line.setText("✓ " + n.host() + ": host key known and verified, logged in");
                    case UNREACHABLE -> line.setText("✗ " + n.host() + ": " + k.detail());
                    case LOCAL -> line.setText("✓ " + role + ": " + n.host() + ", the console's own machine, no SSH");
                    case CHANGED, UNKNOWN -> {
                        boolean changed = k.status() == HostKeyCheck.Status.CHANGED;
                        line.setText((changed ? "✗ THE HOST KEY CHANGED for " : "? Unknown host key for ") + n.host()
                                + ": " + k.fingerprint() + (changed ? " — this may be an attack; not offering to trust it."
                                : " — compare it with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)."));
                        if (!changed) {
                            Button trust = new Button("Trust this key");
                            trust.setId("pe-trust-" + role);
                            trust.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                            trust.setOnAction(e -> {
                                session.trust(n.host(), k);
                                line.setText("✓ trusted " + k.fingerprint() + " for " + n.host());
                                row.getChildren().remove(trust);
                            });
                            row.getChildren().add(trust);
                        }
                    }
                }
            }, e -> line.setText("✗ " + n.host() + ": " + e.getMessage()));
        }
    }

    private void runPreflight() {
        PairSpec p = valid;
        if (p == null) {
            return;
        }
        preflight.getChildren().setAll(new Label("Running preflight on both nodes…"));
        Background.run("preflight", () -> {
            return session.preflight(p).toArray(PreflightReport[]::new);
        }, preflight::show, e -> preflight.showError("preflight", e));
    }

    private void save() {
        if (valid == null) {
            return;
        }
        try {
            Path f = store.save(valid.name(), "# Saved by the COLO Console profile editor.\n" + validYaml);
            general.setText("saved to " + f);
            onSaved.accept(valid);
            stage.close();
        } catch (java.io.IOException e) {
            general.setText("cannot save: " + e.getMessage() + " (nothing was lost: the form is still here)");
        }
    }
}
