package org.coloconsole.engine.cli;

import java.util.concurrent.Callable;
import org.coloconsole.engine.lab.LabSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code coloctl lab-teardown}: remove the two-host lab, by name, leaving nothing behind. */
@Command(name = "lab-teardown", mixinStandardHelpOptions = true,
        description = "Remove the two-host lab: its VMs, sshds, namespaces and links (the disks and keys stay).")
final class LabTeardownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            LabSetup.teardown(line -> {
                spec.commandLine().getOut().println(line);
                spec.commandLine().getOut().flush();
            });
            return 0;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("coloctl lab-teardown: " + e.getMessage());
            return 1;
        }
    }
}
