package org.coloconsole.engine.testing;

/** Closes what a test opened, newest first, skipping what it never got to open. */
public final class Closing {
    private Closing() {
    }

    /** Closes each non-null resource in the order given; the first failure is thrown after all were tried. */
    public static void all(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
