package dev.rehearsal.dashboard.config;

import java.util.List;

/** The {@code rehearsal.*} configuration has problems; the daemon does not start. */
public class InvalidConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("invalid Rehearsal configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
