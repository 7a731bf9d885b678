package dev.rehearsal.dashboard.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid configuration into Spring Boot's short start-up failure report instead of a stack trace. */
public class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis("The rehearsal.* configuration is invalid:\n  " + String.join("\n  ", cause.problems()),
                "Fix the properties named above (see dashboard/rehearsal-example.yaml) and start again.", cause);
    }
}
