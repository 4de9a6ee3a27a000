package org.coloconsole.engine.remote;

/** A command that has been started: wait for it, or cancel it (which kills it and its children). */
public interface RunningCommand {

    /**
     * Waits for the command within its timeout.
     *
     * @throws CommandTimeoutException  it took too long and was killed
     * @throws HostConnectionException the connection to the host broke meanwhile
     */
    CommandResult await();

    /** Kills the command and its children; {@link #await} then fails. */
    void cancel();
}
