package dev.rehearsal.drill.verify;

import java.util.List;

/**
 * @param check    the check's name, also its metric label: item-count, content-digest, schema, spot-check, canary
 * @param passed   whether the restored table passed
 * @param evidence one line a person can read: what was expected and what was found
 * @param details  further lines, for example the differing keys
 */
public record CheckResult(String check, boolean passed, String evidence, List<String> details) {

    public CheckResult {
        details = List.copyOf(details);
    }

    public static CheckResult pass(String check, String evidence) {
        return new CheckResult(check, true, evidence, List.of());
    }

    public static CheckResult fail(String check, String evidence, List<String> details) {
        return new CheckResult(check, false, evidence, details);
    }
}
