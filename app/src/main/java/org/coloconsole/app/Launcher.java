package org.coloconsole.app;

import javafx.application.Application;

/**
 * The entry point. It must not extend {@link Application}: with JavaFX on the class path (not
 * the module path), a main class that does is refused by the launcher.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        Application.launch(ColoConsoleApp.class, args);
    }
}
