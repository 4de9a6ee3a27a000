package org.coloconsole.engine.remote;

/** Receives a command's output line by line as it arrives (without line ends). */
public interface OutputListener {
    OutputListener NONE = new OutputListener() {
    };

    default void stdout(String line) {
    }

    default void stderr(String line) {
    }
}
