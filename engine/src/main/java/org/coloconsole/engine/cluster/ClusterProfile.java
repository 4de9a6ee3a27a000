package org.coloconsole.engine.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The pairs an operator manages, as loaded from a profile file (or the built-in lab default). */
public record ClusterProfile(Path source, List<PairSpec> pairs) {
    public ClusterProfile {
        pairs = List.copyOf(pairs);
    }

    public Optional<PairSpec> pair(String name) {
        return pairs.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
