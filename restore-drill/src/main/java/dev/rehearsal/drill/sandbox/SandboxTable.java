package dev.rehearsal.drill.sandbox;

/**
 * A table name that the {@link SandboxGuard} has accepted as a sandbox for one drill. Only the
 * guard makes these, so holding one means the name starts with the sandbox prefix.
 */
public final class SandboxTable {

    private final String name;
    private final String drillId;
    private final String prefix;

    SandboxTable(String name, String drillId, String prefix) {
        this.name = name;
        this.drillId = drillId;
        this.prefix = prefix;
    }

    public String name() {
        return name;
    }

    /** The drill that owns the table. */
    public String drillId() {
        return drillId;
    }

    String prefix() {
        return prefix;
    }

    @Override
    public String toString() {
        return name + " (drill " + drillId + ")";
    }
}
