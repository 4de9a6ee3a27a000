package org.coloconsole.engine.qmp;

/** A QEMU version as reported by the QMP greeting or {@code query-version}. */
public record QemuVersion(int major, int minor, int micro) implements Comparable<QemuVersion> {

    public static QemuVersion parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("not a QEMU version (want MAJOR.MINOR[.MICRO]): " + text);
        }
        try {
            return new QemuVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                    parts.length == 3 ? Integer.parseInt(parts[2]) : 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a QEMU version (want MAJOR.MINOR[.MICRO]): " + text, e);
        }
    }

    @Override
    public int compareTo(QemuVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(micro, o.micro);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + micro;
    }
}
