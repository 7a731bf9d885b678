package dev.rehearsal.drill.sandbox;

/**
 * Builds a {@link SandboxTable} without the guard, as only code in this package can: what a bug or a
 * forged request would hand a sink. Tests use it to show that a sink's drop asks the guard again.
 */
public final class ForgedSandboxTable {

    private ForgedSandboxTable() {
    }

    public static SandboxTable of(String name, String drillId, String prefix) {
        return new SandboxTable(name, drillId, prefix);
    }
}
