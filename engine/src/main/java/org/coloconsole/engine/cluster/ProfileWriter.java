package org.coloconsole.engine.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

/**
 * Writes profiles: every key {@link ProfileParser} accepts, so what is written parses back to the
 * same pair ({@code ProfileWriterTest} checks the round trip over all of them). Values that are
 * defaults are written too: a saved profile says everything it means.
 */
public final class ProfileWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private ProfileWriter() {
    }

    /** The YAML of a profile with these pairs. */
    public static String yaml(List<PairSpec> pairs) {
        ObjectNode root = F.objectNode();
        ArrayNode list = root.putArray("pairs");
        pairs.forEach(p -> list.add(tree(p)));
        List<ProfileError> unwritable = new java.util.ArrayList<>();
        lineBreaksInValues(root, "", unwritable);
        if (!unwritable.isEmpty()) {
            throw new ProfileException(unwritable);
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the profile: " + e.getMessage(), e);
        }
    }

    /**
     * Values holding a character YAML reads as a line break (NEL, LINE SEPARATOR, PARAGRAPH
     * SEPARATOR): YAML folds them to a space, so the value would come back changed. Refused, the
     * field named, rather than written wrong (found by the writer's round-trip property).
     */
    private static void lineBreaksInValues(com.fasterxml.jackson.databind.JsonNode n, String path, List<ProfileError> out) {
        if (n.isTextual()) {
            String t = n.asText();
            if (t.indexOf('\u0085') >= 0 || t.indexOf('\u2028') >= 0 || t.indexOf('\u2029') >= 0) {
                out.add(new ProfileError(null, 0, 0, path, "holds a line-break character (U+0085, U+2028 or U+2029) that a "
                        + "YAML profile cannot keep in a value"));
            }
        } else if (n.isObject()) {
            n.fields().forEachRemaining(e -> lineBreaksInValues(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                lineBreaksInValues(n.get(i), path + "[" + i + "]", out);
            }
        }
    }

    /**
     * Writes the profile atomically with mode 0600 (it may name fence secrets): a temp file in the
     * same directory, fsynced, then renamed over the target. A crash leaves the old file or the new.
     */
    public static void save(Path file, String header, List<PairSpec> pairs) {
        String text = (header == null || header.isEmpty() ? "" : header.endsWith("\n") ? header : header + "\n") + yaml(pairs);
        // Whatever is written must read back as the same pairs; never replace a good file with a bad one.
        ClusterProfile back = ProfileLoader.parse(file.toString(), text);
        if (!back.pairs().equals(pairs)) {
            throw new IllegalStateException("the written profile does not read back as the same pairs; not saved");
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(StandardCharsets.UTF_8.encode(text));
                    ch.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the profile " + file + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode tree(PairSpec p) {
        ObjectNode o = F.objectNode();
        o.put("name", p.name());
        o.put("checkpointDelayMs", p.checkpointDelayMs());
        o.put("compareTimeoutMs", p.compareTimeoutMs());
        o.put("expiredScanCycleMs", p.expiredScanCycleMs());
        o.put("resyncMiBps", p.resyncMiBps());
        if (p.probe() != null) {
            ProbeSpec pr = p.probe();
            ObjectNode q = o.putObject("probe");
            q.put("kind", pr.kind().name().toLowerCase(Locale.ROOT));
            q.put("address", pr.address());
            q.put("port", pr.port());
            q.put("intervalMs", pr.intervalMs());
            if (pr.from() instanceof HostAccess.Ssh) {
                host(q, pr.from());
            }
        }
        if (p.pacemaker() != null) {
            PacemakerSpec pm = p.pacemaker();
            ObjectNode c = o.putObject("pacemaker");
            c.put("clusterName", pm.clusterName());
            c.put("tokenMs", pm.tokenMs());
            c.put("primaryNode", pm.primaryNode());
            c.put("primaryRing", pm.primaryRing());
            c.put("secondaryNode", pm.secondaryNode());
            c.put("secondaryRing", pm.secondaryRing());
            if (pm.qdeviceHost() != null) {
                c.put("qdevice", pm.qdeviceHost());
            }
            c.put("qdevicePort", pm.qdevicePort());
            c.put("qdeviceTls", pm.qdeviceTls());
        }
        if (!p.drill().equals(DrillSpec.DEFAULTS)) {
            DrillSpec d = p.drill();
            ObjectNode dr = o.putObject("drill");
            dr.put("maxClientGapMs", d.maxClientGapMs());
            dr.put("maxToProtectedMs", d.maxToProtectedMs());
            if (!d.check().isEmpty()) {
                ArrayNode check = dr.putArray("check");
                d.check().forEach(check::add);
            }
            if (d.durableWritesPort() != 0) {
                dr.put("durableWritesPort", d.durableWritesPort());
            }
        }
        o.set("primary", node(p.primary()));
        o.set("secondary", node(p.secondary()));
        return o;
    }

    private static ObjectNode node(NodeSpec n) {
        ObjectNode o = F.objectNode();
        host(o, n.host());
        o.put("replicationAddress", n.replicationAddress());
        o.put("qemu", n.qemuBinary());
        o.put("accelerator", n.accelerator().name().toLowerCase(Locale.ROOT));
        o.put("memory", memory(n.memoryKiB()));
        o.put("cpus", n.cpus());
        o.put("image", n.image());
        o.put("workDir", n.workDir());
        o.put("portBase", n.portBase());
        ObjectNode net = o.putObject("network");
        if (n.network() instanceof NetworkSpec.Tap t) {
            net.put("type", "tap");
            net.put("bridgeHelper", t.bridgeHelper());
            if (t.mac() != null) {
                net.put("mac", t.mac());
            }
        } else if (n.network() instanceof NetworkSpec.User u) {
            net.put("type", "user");
            ArrayNode fw = net.putArray("hostForwards");
            u.forwards().forEach(f -> fw.add(f.hostAddress() + ":" + f.hostPort() + "-:" + f.guestPort()));
        }
        o.put("nic", n.nic());
        if (n.boot() != null) {
            ObjectNode b = o.putObject("boot");
            b.put("kernel", n.boot().kernel());
            if (n.boot().initrd() != null) {
                b.put("initrd", n.boot().initrd());
            }
            b.put("append", n.boot().append());
        }
        if (n.tcgShim() != null) {
            o.put("tcgShim", n.tcgShim());
        }
        ArrayNode extra = o.putArray("extraArgs");
        n.extraArgs().forEach(extra::add);
        if (n.fence() != null) {
            FenceSpec f = n.fence();
            ObjectNode fo = o.putObject("fence");
            fo.put("agent", f.agent());
            ObjectNode opts = fo.putObject("options");
            f.options().forEach(opts::put);
            ArrayNode secret = fo.putArray("secret");
            f.secrets().stream().sorted().forEach(secret::add);
            fo.put("timeoutMs", f.timeoutMs());
            fo.put("verifyProbes", f.verifyProbes());
            fo.put("level", f.level().name().toLowerCase(Locale.ROOT));
        }
        return o;
    }

    private static void host(ObjectNode o, HostAccess h) {
        if (h instanceof HostAccess.Ssh s) {
            o.put("host", "ssh://" + s.user() + "@" + s.host() + ":" + s.port());
            if (s.identity() != null) {
                o.put("identity", s.identity().toString());
            }
            if (s.knownHosts() != null) {
                o.put("knownHosts", s.knownHosts().toString());
            }
        } else {
            o.put("host", "local");
        }
    }

    /** Whole gibibytes or mebibytes where exact, else KiB: parses back to the same size. */
    static String memory(long kib) {
        if (kib % (1024 * 1024) == 0) {
            return kib / (1024 * 1024) + "G";
        }
        return kib % 1024 == 0 ? kib / 1024 + "M" : kib + "K";
    }
}
