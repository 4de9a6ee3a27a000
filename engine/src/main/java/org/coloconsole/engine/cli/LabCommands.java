package org.coloconsole.engine.cli;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.coloconsole.engine.control.LabControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code coloctl lab-setup} and {@code lab-teardown}: the built-in lab, with every line of progress printed. */
final class LabCommands {
    private LabCommands() {
    }

    /** Shared: run one lab action, progress to stdout; a failure to stderr with exit {@code failCode}. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        abstract void action(Consumer<String> progress);

        abstract int failCode();

        @Override
        public Integer call() {
            try {
                action(line -> {
                    spec.commandLine().getOut().println(line);
                    spec.commandLine().getOut().flush();
                });
                return 0;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("coloctl " + spec.name() + ": " + e.getMessage());
                return failCode();
            }
        }
    }

    @Command(name = "lab-setup", mixinStandardHelpOptions = true,
            description = "Prepare the lab pair: build the test guest and the TCG shim, bring up the two-host lab "
                    + "(as root: namespaces, sshds, bridges; else the loopback lab), create the two disks.")
    static final class Setup extends Base {
        @Override
        void action(Consumer<String> progress) {
            LabControl.prepare(progress);
        }

        @Override
        int failCode() {
            return 2;
        }
    }

    @Command(name = "lab-teardown", mixinStandardHelpOptions = true,
            description = "Remove the two-host lab: its VMs, sshds, namespaces and links (the disks and keys stay).")
    static final class Teardown extends Base {
        @Override
        void action(Consumer<String> progress) {
            LabControl.teardown(progress);
        }

        @Override
        int failCode() {
            return 1;
        }
    }
}
