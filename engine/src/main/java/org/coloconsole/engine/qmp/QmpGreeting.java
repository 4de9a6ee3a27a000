package org.coloconsole.engine.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The banner QEMU sends on connect: {@code {"QMP": {"version": {"qemu": {...}, "package": ...},
 * "capabilities": [...]}}}.
 */
public record QmpGreeting(QemuVersion version, String packageName, List<String> capabilities) {

    public QmpGreeting {
        capabilities = List.copyOf(capabilities);
    }

    public boolean offers(String capability) {
        return capabilities.contains(capability);
    }

    /**
     * Parses a greeting frame.
     *
     * @throws QmpProtocolException if the frame is not a QMP greeting
     */
    static QmpGreeting parse(JsonNode frame) {
        JsonNode qmp = frame.get("QMP");
        if (qmp == null || !qmp.isObject()) {
            throw new QmpProtocolException("peer is not a QMP monitor: first message has no \"QMP\" object: "
                    + QmpProtocolException.excerpt(frame.toString()));
        }
        JsonNode qemu = qmp.path("version").path("qemu");
        if (!qemu.path("major").isInt() || !qemu.path("minor").isInt() || !qemu.path("micro").isInt()) {
            throw new QmpProtocolException("QMP greeting has no version.qemu {major, minor, micro}: "
                    + QmpProtocolException.excerpt(frame.toString()));
        }
        QemuVersion version = new QemuVersion(qemu.get("major").asInt(), qemu.get("minor").asInt(),
                qemu.get("micro").asInt());
        List<String> caps = new ArrayList<>();
        for (JsonNode c : qmp.path("capabilities")) {
            caps.add(c.asText());
        }
        return new QmpGreeting(version, qmp.path("version").path("package").asText(""), caps);
    }
}
