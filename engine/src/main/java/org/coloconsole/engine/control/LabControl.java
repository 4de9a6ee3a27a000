package org.coloconsole.engine.control;

import java.util.function.Consumer;
import org.coloconsole.engine.lab.LabProfile;
import org.coloconsole.engine.lab.LabSetup;

/** The built-in lab, for coloctl and the console: prepare it, remove it, say which lab it is. */
public final class LabControl {
    private LabControl() {
    }

    /** Assets, the two-host lab's network and sshds (as root; else the loopback lab), the disks. */
    public static void prepare(Consumer<String> progress) {
        LabSetup.prepare(progress);
    }

    /** Removes the two-host lab by name (VMs, sshds, namespaces, links); disks and keys stay. */
    public static void teardown(Consumer<String> progress) {
        LabSetup.teardown(progress);
    }

    /** "two-host lab: …" or "loopback lab (fallback: why)". */
    public static String describe() {
        return LabProfile.describeBuiltIn();
    }
}
