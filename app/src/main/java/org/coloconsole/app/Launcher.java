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
        // The log goes to a rotating file under the state dir; --verbose also prints it on stderr.
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        java.nio.file.Path log = org.coloconsole.engine.control.Logging.init("console", verbose);
        org.slf4j.LoggerFactory.getLogger(Launcher.class).info("COLO Console starting; log file {}", log);
        Application.launch(ColoConsoleApp.class, java.util.Arrays.stream(args).filter(a -> !a.equals("--verbose"))
                .toArray(String[]::new));
    }
}
