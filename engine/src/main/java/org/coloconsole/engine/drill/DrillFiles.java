package org.coloconsole.engine.drill;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.coloconsole.engine.model.DrillReport;

/**
 * Where drill reports live: {@code drills/PAIR/ID.json} and {@code ID.html} in the journal's
 * directory, written atomically; and the list of a pair's past drills, newest first.
 */
public final class DrillFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DrillFiles() {
    }

    /** A report's two files. */
    public record Written(Path json, Path html) {
    }

    /** @param journalDir the directory of the pair's journal */
    public static Path dir(Path journalDir, String pair) {
        return journalDir.resolve("drills").resolve(pair);
    }

    public static Written write(DrillReport r, Path dir) {
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve(r.id() + ".json");
            Path html = dir.resolve(r.id() + ".html");
            atomically(json, JSON.writeValueAsString(r));
            atomically(html, DrillHtml.render(r));
            return new Written(json, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the drill report in " + dir, e);
        }
    }

    /** The pair's past drills, newest first (unreadable files are skipped and named in the log). */
    public static List<DrillReport> list(Path dir) {
        List<DrillReport> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted(Comparator.reverseOrder()).toList()) {
                try {
                    out.add(read(p));
                } catch (UncheckedIOException e) {
                    org.slf4j.LoggerFactory.getLogger(DrillFiles.class).warn("skipping drill report {}: {}", p, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the drill reports in " + dir, e);
        }
        return out;
    }

    public static DrillReport read(Path json) {
        try {
            return JSON.readValue(json.toFile(), DrillReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the drill report " + json, e);
        }
    }

    private static void atomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
