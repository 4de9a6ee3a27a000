package org.coloconsole.engine.cluster;

/**
 * One problem in a profile, pinned to its place: {@code file:line:column: field: message}.
 *
 * @param field a path such as {@code pairs[0].secondary.portBase}
 */
public record ProfileError(String file, int line, int column, String field, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + field + ": " + message;
    }
}
