package org.coloconsole.engine.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads cluster profiles (YAML, or JSON, which is YAML too). A profile with any problem is rejected
 * whole with every problem listed; loading never writes the file.
 */
public final class ProfileLoader {
    private static final JsonFactory YAML = new YAMLFactory();

    private ProfileLoader() {
    }

    public static ClusterProfile load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster profile " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), text, file);
    }

    public static ClusterProfile parse(String name, String text) {
        return parse(name, text, null);
    }

    private static ClusterProfile parse(String name, String text, Path source) {
        LocatedTree tree;
        try {
            tree = LocatedTree.parse(YAML, text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new ProfileException(List.of(new ProfileError(name, line, col, "(syntax)", e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ProfileException(List.of(new ProfileError(name, 0, 0, "(syntax)", e.getMessage())));
        }
        return new ProfileParser(name, tree).parse(source);
    }
}
