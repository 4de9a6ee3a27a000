package org.coloconsole.app.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.coloconsole.app.profile.ProfileEditorModel;
import org.coloconsole.app.profile.ProfileForm;
import org.coloconsole.app.profile.ProfileStore;
import org.coloconsole.app.ui.UiThreads;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.cluster.ProfileLoader;
import org.coloconsole.engine.cluster.ProfileWriterTestKeys;
import org.coloconsole.engine.control.Session;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.model.HostKeyCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile editor's logic, synchronously and without a toolkit. */
class ProfileEditorModelTest {
    private final Session session = new Session();
    private final List<PairSpec> saved = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        session.close();
    }

    private ProfileEditorModel editor(PairSpec template, String name) {
        return new ProfileEditorModel(ProfileForm.from(template, name), new ProfileStore(dir), session, UiThreads.direct(),
                saved::add);
    }

    /** The data-loss bug: "Add pair" from a template must keep every key, the fence among them. */
    @Test
    void aPairWithEveryKeyComesBackWhole() throws Exception {
        PairSpec every = ProfileLoader.parse("every", ProfileWriterTestKeys.EVERY_KEY).pairs().get(0);
        ProfileEditorModel m = editor(every, every.name());
        assertEquals("", m.general.get());
        assertFalse(m.saveDisabled.get());
        assertEquals(every, m.valid(), "no key dropped by the form");
        m.save();
        assertTrue(m.closed.get());
        assertEquals(List.of(every), saved);
        Path f = dir.resolve(every.name() + ".yaml");
        assertEquals(every, ProfileLoader.load(f).pairs().get(0), "the file holds every key too");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "it may hold a password");
        assertTrue(Files.readString(f).contains("verifyProbes: 5") && Files.readString(f).contains("cpus: 2"));
    }

    @Test
    void anErrorShowsUnderItsFieldAndSaveWaitsForTheFix() {
        ProfileEditorModel m = editor(LabProfile.profile().pairs().get(0), "rack-7");
        assertFalse(m.saveDisabled.get(), "the lab template is valid");
        m.fields.get("primary.portBase").set("70000");
        assertTrue(m.errors.get("primary.portBase").get().contains("70000"), m.errors.get("primary.portBase").get());
        assertTrue(m.saveDisabled.get());
        m.save();
        assertTrue(saved.isEmpty(), "an invalid pair is never saved");
        m.fields.get("primary.cpus").set("0");
        assertFalse(m.errors.get("primary.cpus").get().isEmpty(), "cpus is a field of its own now");
        m.fields.get("primary.portBase").set("9101");
        m.fields.get("primary.cpus").set("2");
        assertEquals("", m.errors.get("primary.portBase").get());
        assertFalse(m.saveDisabled.get());
        assertEquals(2, m.valid().primary().cpus());
    }

    @Test
    void extraArgumentsAreWordsAsAShellSplitsThem() {
        ProfileEditorModel m = editor(LabProfile.profile().pairs().get(0), "rack-7");
        m.fields.get("secondary.extraArgs").set("-rtc base=utc -name 'vm one'");
        assertEquals(List.of("-rtc", "base=utc", "-name", "vm one"), m.valid().secondary().extraArgs());
    }

    @Test
    void aSaveThatFailsKeepsTheForm() throws Exception {
        Path blocked = dir.resolve("not-a-dir");
        Files.writeString(blocked, "a file where the store's directory should be");
        ProfileEditorModel m = new ProfileEditorModel(ProfileForm.from(LabProfile.profile().pairs().get(0), "rack-7"),
                new ProfileStore(blocked), session, UiThreads.direct(), saved::add);
        m.fields.get("name").set("rack-8");
        m.save();
        assertFalse(m.closed.get());
        assertTrue(m.general.get().startsWith("cannot save") && m.general.get().contains("nothing was lost"), m.general.get());
        assertEquals("rack-8", m.fields.get("name").get());
        assertTrue(saved.isEmpty());
    }

    @Test
    void localNodesNeedNoHostKey() {
        ProfileEditorModel m = editor(ProfileLoader.parse("lab", LabProfile.yaml(Path.of("/opt/lab"), dir)).pairs().get(0), "x");
        m.checkHostKeys();
        assertEquals(2, m.hostKeys.size());
        assertTrue(m.hostKeys.get(0).text.get().contains("own machine"), m.hostKeys.get(0).text.get());
        assertFalse(m.hostKeys.get(0).canTrust.get());
        m.trust(m.hostKeys.get(0)); // nothing to trust: nothing happens
        assertTrue(m.hostKeys.get(0).text.get().contains("own machine"));
        assertEquals(HostKeyCheck.Status.LOCAL, session.checkHostKey(m.valid().primary().host()).status());
    }
}
