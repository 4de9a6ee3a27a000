package org.coloconsole.engine.model;

import java.time.Duration;

/**
 * How a runbook ended. On failure: the step that failed, the error, and the pair's state as
 * observed right after (so nothing is left half-done silently).
 */
public record RunResult(String runbook, boolean ok, int stepsDone, StepInfo failedStep, String error,
                        String observedState, Duration duration) {

    public String summary() {
        if (ok) {
            return runbook + ": done, " + stepsDone + " steps in " + duration.toMillis() + " ms";
        }
        return runbook + ": FAILED at step " + (stepsDone + 1) + " (" + failedStep.id() + ": " + failedStep.title()
                + ") on the " + failedStep.slot().label() + "\n  sent:  " + failedStep.sends()
                + "\n  error: " + error + "\n  state: " + observedState;
    }
}
