package org.coloconsole.engine.cli;

import org.coloconsole.engine.control.Session;
import org.coloconsole.engine.model.NodeRequirements;
import org.coloconsole.engine.model.PreflightReport;
import org.coloconsole.engine.model.Role;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code coloctl preflight}: is this node ready for its role? Exit 0 ready, 1 not ready, 2 error. */
@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = "Check a node before protecting a VM: QEMU version and COLO support, images, memory, ports.")
final class PreflightCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions hostOptions = new HostOptions();

    @Option(names = "--role", defaultValue = "primary", description = "primary or secondary (default: ${DEFAULT-VALUE})")
    String role;

    @Option(names = "--qemu", defaultValue = "qemu-system-x86_64", description = "QEMU binary (default: ${DEFAULT-VALUE})")
    String qemu;

    @Option(names = "--image", required = true, description = "the disk image on the node")
    String image;

    @Option(names = "--active", description = "secondary: the active image")
    String active;

    @Option(names = "--hidden", description = "secondary: the hidden image")
    String hidden;

    @Option(names = "--memory", defaultValue = "512", description = "guest RAM in MiB (default: ${DEFAULT-VALUE})")
    long memoryMiB;

    @Option(names = "--port", description = "a port the node will listen on (repeatable)")
    List<Integer> ports = new ArrayList<>();

    @Option(names = "--accelerator", description = "kvm or tcg, as the profile will ask (kvm then requires /dev/kvm)")
    String accelerator;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NodeRequirements node;
        try {
            if (accelerator != null && !accelerator.equals("kvm") && !accelerator.equals("tcg")) {
                throw new IllegalArgumentException("--accelerator must be kvm or tcg, got '" + accelerator + "'");
            }
            Role r = switch (role) {
                case "primary" -> Role.PRIMARY;
                case "secondary" -> Role.SECONDARY;
                default -> throw new IllegalArgumentException("--role must be primary or secondary, got '" + role + "'");
            };
            node = new NodeRequirements(r, qemu, image, active, hidden, memoryMiB, ports, null, accelerator);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("coloctl preflight: " + e.getMessage());
            return 2;
        }
        try (Session session = new Session()) {
            PreflightReport report = session.preflight(hostOptions.access(), node);
            if (json) {
                spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(report));
            } else {
                spec.commandLine().getOut().print(report.render());
            }
            spec.commandLine().getOut().flush();
            return report.ok() ? 0 : 1;
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(PreflightCommand.class).warn("coloctl preflight failed", e);
            spec.commandLine().getErr().println("coloctl preflight: " + e.getMessage());
            return 2;
        }
    }
}
