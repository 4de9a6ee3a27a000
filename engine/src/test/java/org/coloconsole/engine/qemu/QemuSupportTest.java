package org.coloconsole.engine.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.coloconsole.engine.qmp.QemuVersion;
import org.junit.jupiter.api.Test;

class QemuSupportTest {
    @Test
    void parsesVersionLines() {
        assertEquals(new QemuVersion(7, 2, 22), QemuSupport.parseVersionOutput(
                "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\nCopyright (c) 2003-2022").orElseThrow());
        assertEquals(new QemuVersion(10, 1, 0), QemuSupport.parseVersionOutput("QEMU emulator version 10.1").orElseThrow());
        assertTrue(QemuSupport.parseVersionOutput("bash: qemu: not found").isEmpty());
    }

    @Test
    void refusesTheVersionsThatCannotEnterColo() {
        assertEquals(QemuSupport.Verdict.BROKEN, QemuSupport.assess(new QemuVersion(10, 0, 2)).verdict());
        assertEquals(QemuSupport.Verdict.BROKEN, QemuSupport.assess(new QemuVersion(10, 1, 0)).verdict());
        assertTrue(QemuSupport.assess(new QemuVersion(10, 1, 0)).reason().contains("fixed in 10.2"));
        assertEquals(QemuSupport.Verdict.SUPPORTED, QemuSupport.assess(new QemuVersion(10, 2, 0)).verdict());
        assertEquals(QemuSupport.Verdict.TESTED, QemuSupport.assess(new QemuVersion(7, 2, 22)).verdict());
        assertTrue(QemuSupport.assess(new QemuVersion(11, 0, 0)).reason().contains("same QEMU version"));
        assertEquals(QemuSupport.Verdict.UNTESTED, QemuSupport.assess(new QemuVersion(6, 2, 0)).verdict());
    }

    @Test
    void readsListeningPortsFromProcNetTcp() {
        String tcp = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1587 1
                   1: 0100007F:B946 0100007F:AE75 06 00000000:00000000 03:00000A7A 00000000     0        0 0 3
                   2: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
                """;
        assertEquals(java.util.Set.of(2024, 9001), ListeningPorts.parse(tcp));
        // 9001 is bound to 127.0.0.1 only: a node binding 127.0.0.2 does not clash; 2024 is on 0.0.0.0.
        assertEquals(java.util.Set.of(2024), ListeningPorts.clashing(tcp, "127.0.0.2"));
        assertEquals(java.util.Set.of(2024, 9001), ListeningPorts.clashing(tcp, "127.0.0.1"));
        assertEquals(java.util.Set.of(2024, 9001), ListeningPorts.clashing(tcp, null));
    }
}
