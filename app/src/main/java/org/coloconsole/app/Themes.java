package org.coloconsole.app;

import java.net.URL;
import javafx.scene.Scene;

/** The base stylesheet plus a light or dark variant, from the top-level styles/ folder. */
public final class Themes {
    public enum Variant { LIGHT, DARK }

    private Themes() {
    }

    public static void apply(Scene scene, Variant variant) {
        scene.getStylesheets().setAll(
                resource("/styles/base.css"),
                resource(variant == Variant.DARK ? "/styles/dark.css" : "/styles/light.css"));
    }

    private static String resource(String path) {
        URL url = Themes.class.getResource(path);
        if (url == null) {
            throw new IllegalStateException("stylesheet missing from the app's resources: " + path);
        }
        return url.toExternalForm();
    }
}
