package org.coloconsole.engine.runbook;

import java.util.List;
import java.util.stream.IntStream;
import org.coloconsole.engine.cluster.PairSpec;
import org.coloconsole.engine.model.Plan;
import org.coloconsole.engine.model.StepInfo;

/** An ordered list of steps for one pair: data that the GUI shows, the CLI prints and the journal records. */
public record Runbook(String name, PairSpec pair, List<Step> steps) implements Plan {
    public Runbook {
        steps = List.copyOf(steps);
    }

    @Override
    public String pairName() {
        return pair.name();
    }

    @Override
    public List<StepInfo> stepInfos() {
        return IntStream.range(0, steps.size()).mapToObj(i -> steps.get(i).info(i)).toList();
    }

    /** Dry run: every step with exactly what it would send, nothing sent. */
    public String plan() {
        return text();
    }
}
