package org.coloconsole.engine.cluster;

import java.util.List;
import java.util.stream.Collectors;

/** A profile was rejected; every problem found is listed, each with its field and position. */
public class ProfileException extends RuntimeException {
    private final List<ProfileError> errors;

    public ProfileException(List<ProfileError> errors) {
        super(errors.size() + (errors.size() == 1 ? " problem" : " problems") + " in the cluster profile:\n"
                + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ProfileError> errors() {
        return errors;
    }
}
