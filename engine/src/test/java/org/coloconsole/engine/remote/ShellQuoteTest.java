package org.coloconsole.engine.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuoteTest {
    @Test
    void plainWordsStayReadable() {
        assertEquals("qemu-system-x86_64 -m 131080K unix:/run/q.sock,server=on",
                ShellQuote.join(List.of("qemu-system-x86_64", "-m", "131080K", "unix:/run/q.sock,server=on")));
    }

    @Test
    void everythingElseIsSingleQuoted() {
        assertEquals("'it'\\''s'", ShellQuote.quote("it's"));
        assertEquals("'$(rm -rf /)'", ShellQuote.quote("$(rm -rf /)"));
        assertEquals("''", ShellQuote.quote(""));
        assertEquals("'a b'", ShellQuote.quote("a b"));
        assertEquals("'x\ny'", ShellQuote.quote("x\ny"));
    }

    @Test
    void nulBytesAreRefusedWithTheArgumentShown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShellQuote.quote("a\0b"));
        assertTrue(e.getMessage().contains("a\\0b"), e.getMessage());
    }
}
