package org.coloconsole.engine.remote;

import java.util.List;

/**
 * POSIX shell quoting. Every value that reaches a shell goes through here: each argument becomes
 * one single-quoted word, so quotes, {@code $(…)}, backticks, {@code ;}, newlines and spaces
 * arrive byte for byte and nothing in them is executed.
 */
public final class ShellQuote {
    private ShellQuote() {
    }

    public static String quote(String arg) {
        if (arg.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell argument cannot contain a NUL byte: "
                    + arg.replace("\0", "\\0"));
        }
        if (!arg.isEmpty() && arg.chars().allMatch(ShellQuote::safe)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    public static String join(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String a : argv) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(quote(a));
        }
        return b.toString();
    }

    private static boolean safe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == '=' || c == ',' || c == '+' || c == '@';
    }
}
