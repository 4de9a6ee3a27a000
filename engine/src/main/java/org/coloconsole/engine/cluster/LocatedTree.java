package org.coloconsole.engine.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed profile plus where each value stood in the file, so validation errors can name the
 * line and column. (A Jackson tree alone forgets positions.)
 */
final class LocatedTree {
    final JsonNode root;
    private final Map<String, JsonLocation> locations;

    private LocatedTree(JsonNode root, Map<String, JsonLocation> locations) {
        this.root = root;
        this.locations = locations;
    }

    static LocatedTree parse(JsonFactory factory, String text) throws IOException {
        Map<String, JsonLocation> where = new HashMap<>();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new LocatedTree(JsonNodeFactory.instance.objectNode(), where);
            }
            JsonNode root = read(p, "", where);
            if (p.nextToken() != null) {
                throw new IOException("more than one document in the profile");
            }
            return new LocatedTree(root, where);
        }
    }

    private static JsonNode read(JsonParser p, String path, Map<String, JsonLocation> where) throws IOException {
        where.put(path, p.currentTokenLocation());
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    JsonLocation keyAt = p.currentTokenLocation();
                    p.nextToken();
                    if (o.has(name)) {
                        throw new IOException("duplicate key '" + child + "' at line " + keyAt.getLineNr());
                    }
                    o.set(name, read(p, child, where));
                    where.putIfAbsent(child, keyAt);
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p, path + "[" + i++ + "]", where));
                }
                return a;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return f.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return f.booleanNode(p.getBooleanValue());
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> throw new IOException("unexpected " + p.currentToken() + " at line "
                    + p.currentTokenLocation().getLineNr());
        }
    }

    /** Where {@code path} stood, or the nearest enclosing value that exists. */
    JsonLocation locate(String path) {
        String p = path;
        while (true) {
            JsonLocation l = locations.get(p);
            if (l != null || p.isEmpty()) {
                return l;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }
}
