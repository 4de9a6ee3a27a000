package org.coloconsole.engine.qemu;

import org.coloconsole.engine.model.NodeRequirements;

import org.coloconsole.engine.model.PreflightCheck;

import org.coloconsole.engine.model.PreflightReport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.coloconsole.engine.remote.Command;
import org.coloconsole.engine.remote.LocalHost;
import org.coloconsole.engine.testing.RequiredTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preflight against the real QEMU of this machine. */
@Tag("integration")
class PreflightIT {
    @TempDir
    Path dir;
    LocalHost host = new LocalHost();
    String image;

    @BeforeEach
    void makeImage() {
        RequiredTool.qemuSystem();
        RequiredTool.require("qemu-img", "qemu-utils");
        image = dir.resolve("disk.qcow2").toString();
        host.check(Command.of("qemu-img", "create", "-q", "-f", "qcow2", image, "64M"));
    }

    private static PreflightCheck.Status status(PreflightReport r, String id) {
        return r.check(id).orElseThrow(() -> new AssertionError("no check " + id + " in\n" + r.render())).status();
    }

    @Test
    void theAcceleratorIsJudgedByWhatTheProfileAsksFor() throws Exception {
        boolean kvmHere = java.nio.file.Files.isReadable(java.nio.file.Path.of("/dev/kvm"))
                && java.nio.file.Files.isWritable(java.nio.file.Path.of("/dev/kvm"));
        PreflightReport tcg = Preflight.run(host, new NodeRequirements(org.coloconsole.engine.model.Role.PRIMARY, "qemu-system-x86_64", image, null, null,
                128, List.of(), null, "tcg"));
        assertEquals(PreflightCheck.Status.PASS, status(tcg, "accelerator"));
        assertTrue(tcg.check("accelerator").orElseThrow().detail().startsWith("TCG as configured"), tcg.render());
        PreflightReport kvm = Preflight.run(host, new NodeRequirements(org.coloconsole.engine.model.Role.PRIMARY, "qemu-system-x86_64", image, null, null,
                128, List.of(), null, "kvm"));
        assertEquals(kvmHere ? PreflightCheck.Status.PASS : PreflightCheck.Status.FAIL, status(kvm, "accelerator"),
                kvm.render());
    }

    @Test
    void passesWhatThisMachineHas() throws Exception {
        int port = freePort();
        PreflightReport r = Preflight.run(host, new NodeRequirements(org.coloconsole.engine.model.Role.PRIMARY, "qemu-system-x86_64", image, null, null,
                128, List.of(port)));
        for (String id : List.of("qemu-binary", "qemu-version", "colo-objects", "replication-driver", "qemu-img",
                "disk-image", "memory", "ports")) {
            assertEquals(PreflightCheck.Status.PASS, status(r, id), id + " in\n" + r.render());
        }
        assertTrue(r.check("accelerator").isPresent());
        assertTrue(r.ok(), r.render());
        assertTrue(r.render().contains("READY"));
    }

    @Test
    void failsForAMissingImageNamingTheFile() {
        String missing = dir.resolve("no-such-disk.qcow2").toString();
        PreflightReport r = Preflight.run(host, new NodeRequirements(org.coloconsole.engine.model.Role.SECONDARY, "qemu-system-x86_64", missing,
                null, null, 128, List.of()));
        assertEquals(PreflightCheck.Status.FAIL, status(r, "disk-image"));
        assertTrue(r.check("disk-image").orElseThrow().detail().contains(missing));
        assertFalse(r.ok());
    }

    @Test
    void failsWhenActiveOrHiddenImageSizeDiffers() {
        String active = dir.resolve("active.qcow2").toString();
        String hidden = dir.resolve("hidden.qcow2").toString();
        host.check(Command.of("qemu-img", "create", "-q", "-f", "qcow2", active, "32M"));
        host.check(Command.of("qemu-img", "create", "-q", "-f", "qcow2", hidden, "64M"));
        PreflightReport r = Preflight.run(host, new NodeRequirements(org.coloconsole.engine.model.Role.SECONDARY, "qemu-system-x86_64", image,
                active, hidden, 128, List.of()));
        assertEquals(PreflightCheck.Status.FAIL, status(r, "image-sizes"), r.render());
        String detail = r.check("image-sizes").orElseThrow().detail();
        assertTrue(detail.contains(active) && detail.contains("33554432") && !detail.contains(hidden), detail);
    }

    @Test
    void failsForATakenPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int free = freePort();
            PreflightReport r = Preflight.run(host, new NodeRequirements(org.coloconsole.engine.model.Role.PRIMARY, "qemu-system-x86_64", image,
                    null, null, 128, List.of(free, taken.getLocalPort())));
            assertEquals(PreflightCheck.Status.FAIL, status(r, "ports"));
            String detail = r.check("ports").orElseThrow().detail();
            assertTrue(detail.contains(Integer.toString(taken.getLocalPort())) && !detail.contains(Integer.toString(free)),
                    detail);
        }
    }

    @Test
    void refusesAQemuThatReportsVersion10_1() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("fakebin"));
        Path fake = bin.resolve("qemu-system-x86_64");
        Files.writeString(fake, "#!/bin/sh\necho 'QEMU emulator version 10.1.0 (fake)'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        LocalHost withFake = new LocalHost(Map.of("PATH", bin + ":" + System.getenv("PATH")));
        PreflightReport r = Preflight.run(withFake, new NodeRequirements(org.coloconsole.engine.model.Role.PRIMARY, "qemu-system-x86_64", image,
                null, null, 128, List.of()));
        assertEquals(fake.toString(), r.check("qemu-binary").orElseThrow().detail());
        PreflightCheck v = r.check("qemu-version").orElseThrow();
        assertEquals(PreflightCheck.Status.FAIL, v.status());
        assertTrue(v.detail().contains("10.1.0") && v.detail().contains("cannot enter COLO"), v.detail());
        assertTrue(v.remedy().contains("10.2"), v.remedy());
        assertFalse(r.ok());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
