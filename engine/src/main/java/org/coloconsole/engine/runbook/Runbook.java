package org.coloconsole.engine.runbook;

import java.util.List;
import org.coloconsole.engine.cluster.PairSpec;

/** An ordered list of steps for one pair: data that the GUI shows, the CLI prints and the journal records. */
public record Runbook(String name, PairSpec pair, List<Step> steps) {
    public Runbook {
        steps = List.copyOf(steps);
    }

    /** Dry run: every step with exactly what it would send, nothing sent. */
    public String plan() {
        StringBuilder b = new StringBuilder("Runbook " + name + " for pair " + pair.name() + " ("
                + steps.size() + " steps)\n");
        for (int i = 0; i < steps.size(); i++) {
            b.append(String.format("%3d. ", i + 1)).append(steps.get(i).plan()).append('\n');
        }
        return b.toString();
    }
}
