package org.coloconsole.app.profile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.app.wizard.PreflightModel;
import org.coloconsole.engine.cluster.NodeSpec;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileError;
import org.coloconsole.engine.cluster.ProfileException;
import org.coloconsole.engine.cluster.Slot;
import org.coloconsole.engine.control.Profiles;
import org.coloconsole.engine.control.Session;
import org.coloconsole.engine.model.HostKeyCheck;

/**
 * Profile editor / add pair: every key of a pair as a field, validated on every change by the
 * engine's own profile parser (its errors under the field they name), SSH host keys confirmed by
 * fingerprint, a preflight of both nodes, then saved as a profile file of its own with every key.
 */
public final class ProfileEditorModel {
    /** One node's host key line: what was found, and whether the operator may trust it. */
    public static final class HostKeyRow {
        public final String role;
        public final StringProperty text = new SimpleStringProperty();
        public final BooleanProperty canTrust = new SimpleBooleanProperty(false);
        HostKeyCheck check;

        HostKeyRow(String role, String text) {
            this.role = role;
            this.text.set(text);
        }
    }

    /** Field keys in form order: the pair's, the probe's, then each node's. */
    public final List<String> pairKeys;
    public final Map<Slot, List<String>> nodeKeys = new LinkedHashMap<>();
    public final Map<String, StringProperty> fields = new LinkedHashMap<>();
    public final Map<String, StringProperty> errors = new LinkedHashMap<>();
    public final StringProperty general = new SimpleStringProperty("");
    public final BooleanProperty saveDisabled = new SimpleBooleanProperty(true);
    public final ObservableList<HostKeyRow> hostKeys = FXCollections.observableArrayList();
    public final PreflightModel preflight;
    public final BooleanProperty closed = new SimpleBooleanProperty(false);
    private final ProfileStore store;
    private final Session session;
    private final UiThreads ui;
    private final Consumer<PairSpec> onSaved;
    private PairSpec valid;

    public ProfileEditorModel(ProfileForm initial, ProfileStore store, Session session, UiThreads ui, Consumer<PairSpec> onSaved) {
        this.store = store;
        this.session = session;
        this.ui = ui;
        this.onSaved = onSaved;
        this.preflight = new PreflightModel(ui);
        List<String> pk = new java.util.ArrayList<>(ProfileForm.PAIR_FIELDS.keySet());
        pk.addAll(ProfileForm.PROBE_FIELDS.keySet());
        pk.addAll(ProfileForm.DRILL_FIELDS.keySet());
        pk.addAll(ProfileForm.PACEMAKER_FIELDS.keySet());
        pairKeys = List.copyOf(pk);
        pairKeys.forEach(k -> field(k, initial));
        for (Slot s : Slot.values()) {
            List<String> keys = ProfileForm.NODE_FIELDS.keySet().stream().map(k -> s.key() + "." + k).toList();
            nodeKeys.put(s, keys);
            keys.forEach(k -> field(k, initial));
        }
        validate();
    }

    private void field(String key, ProfileForm initial) {
        StringProperty p = new SimpleStringProperty(initial.get(key));
        p.addListener((o, was, now) -> validate());
        fields.put(key, p);
        errors.put(key, new SimpleStringProperty(""));
    }

    /** The label of a field key ("primary.portBase" → "Port base (6 ports from here)"). */
    public static String label(String key) {
        String k = key.replaceFirst("^(primary|secondary)\\.", "");
        String l = ProfileForm.PAIR_FIELDS.getOrDefault(k, ProfileForm.PROBE_FIELDS.getOrDefault(k,
                ProfileForm.PACEMAKER_FIELDS.getOrDefault(k, ProfileForm.DRILL_FIELDS.get(k))));
        return l != null ? l : ProfileForm.NODE_FIELDS.getOrDefault(k, k);
    }

    /** The pair the form describes, when it is valid. */
    public PairSpec valid() {
        return valid;
    }

    ProfileForm form() {
        ProfileForm f = new ProfileForm();
        fields.forEach((k, p) -> f.set(k, p.get()));
        return f;
    }

    /** Parses what the form says with the engine's parser; errors go under their fields. */
    public void validate() {
        errors.values().forEach(e -> e.set(""));
        try {
            valid = Profiles.parse("(profile editor)", form().toYaml()).pairs().get(0);
            general.set("");
            saveDisabled.set(false);
        } catch (ProfileException e) {
            valid = null;
            saveDisabled.set(true);
            StringBuilder rest = new StringBuilder();
            for (ProfileError err : e.errors()) {
                StringProperty under = errors.get(ProfileForm.keyOf(err.field()));
                if (under != null) {
                    under.set(under.get().isEmpty() ? err.message() : under.get() + "; " + err.message());
                } else {
                    rest.append(err.field().replaceFirst("^pairs\\[0]\\.?", "")).append(": ").append(err.message()).append('\n');
                }
            }
            general.set(rest.toString().strip());
        }
    }

    /** Logs in to each node's host and shows whether its key is known; an unknown one may be trusted. */
    public void checkHostKeys() {
        PairSpec p = valid;
        if (p == null) {
            hostKeys.setAll(new HostKeyRow("", "Fix the form first."));
            return;
        }
        hostKeys.clear();
        for (Slot s : Slot.values()) {
            NodeSpec n = s.of(p);
            HostKeyRow row = new HostKeyRow(s.key(), "checking " + n.host() + "…");
            hostKeys.add(row);
            ui.run(() -> session.checkHostKey(n.host()), (HostKeyCheck k) -> {
                row.check = k;
                row.text.set(switch (k.status()) {
                    case VERIFIED -> "✓ " + n.host() + ": host key known and verified, logged in";
                    case LOCAL -> "✓ " + s.key() + ": " + n.host() + ", the console's own machine, no SSH";
                    case UNREACHABLE -> "✗ " + n.host() + ": " + k.detail();
                    case CHANGED -> "✗ THE HOST KEY CHANGED for " + n.host() + ": " + k.fingerprint()
                            + " — this may be an attack; not offering to trust it.";
                    case UNKNOWN -> "? Unknown host key for " + n.host() + ": " + k.fingerprint()
                            + " — compare it with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub).";
                });
                row.canTrust.set(k.status() == HostKeyCheck.Status.UNKNOWN);
            }, e -> row.text.set("✗ " + n.host() + ": " + e.getMessage()));
        }
    }

    /** Adds the unknown key the node's host presented (after the operator compared the fingerprint). */
    public void trust(HostKeyRow row) {
        if (!row.canTrust.get() || valid == null) {
            return;
        }
        Slot s = row.role.equals("primary") ? Slot.PRIMARY_NODE : Slot.SECONDARY_NODE;
        NodeSpec n = s.of(valid);
        try {
            session.trust(n.host(), row.check);
            row.text.set("✓ trusted " + row.check.fingerprint() + " for " + n.host());
        } catch (RuntimeException e) {
            row.text.set("✗ could not trust the key of " + n.host() + ": " + e.getMessage());
        }
        row.canTrust.set(false);
    }

    /** Preflight of both nodes, each for the role it starts in. */
    public void runPreflight() {
        PairSpec p = valid;
        if (p != null) {
            preflight.run("both nodes", () -> session.preflight(p));
        }
    }

    /** Saves the pair (every key); on failure the form stays as it is, nothing the operator typed is lost. */
    public void save() {
        PairSpec p = valid;
        if (p == null) {
            return;
        }
        try {
            Path f = store.save(p);
            general.set("saved to " + f);
            onSaved.accept(p);
            closed.set(true);
        } catch (RuntimeException e) {
            general.set("cannot save: " + e.getMessage() + " (nothing was lost: the form is still here)");
        }
    }

    public void cancel() {
        closed.set(true);
    }
}
