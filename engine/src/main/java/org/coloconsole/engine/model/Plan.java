package org.coloconsole.engine.model;

import java.util.List;

/**
 * A runbook as the console and coloctl hold it before running it: its name and its steps as
 * data. Obtained from the controller, handed back to it to run; nothing is sent until then.
 */
public interface Plan {
    String name();

    String pairName();

    List<StepInfo> stepInfos();

    /** Dry run: every step with exactly what it would send. */
    default String text() {
        List<StepInfo> steps = stepInfos();
        StringBuilder b = new StringBuilder("Runbook " + name() + " for pair " + pairName() + " (" + steps.size() + " steps)\n");
        for (StepInfo s : steps) {
            b.append(String.format("%3d. ", s.index() + 1)).append(s.plan()).append('\n');
        }
        return b.toString();
    }
}
