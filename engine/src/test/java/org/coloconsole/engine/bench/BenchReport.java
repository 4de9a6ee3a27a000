package org.coloconsole.engine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Writes a benchmark's result as JSON under target/bench and echoes it to stdout. */
final class BenchReport {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static void write(Path file, ObjectNode result) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String json = MAPPER.writeValueAsString(result);
        Files.writeString(file, json + "\n");
        System.out.println("wrote " + file + "\n" + json);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
