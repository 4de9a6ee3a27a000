package org.coloconsole.engine.runbook;

/** A step's action failed or its check did not see the state it should have produced. */
public class StepFailedException extends RuntimeException {
    public StepFailedException(String message) {
        super(message);
    }

    public StepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
