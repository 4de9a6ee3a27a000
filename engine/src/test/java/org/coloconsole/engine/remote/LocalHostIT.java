package org.coloconsole.engine.remote;

import org.junit.jupiter.api.Tag;

@Tag("integration")
class LocalHostIT extends HostContract {
    private final LocalHost host = new LocalHost();

    @Override
    Host host() {
        return host;
    }
}
