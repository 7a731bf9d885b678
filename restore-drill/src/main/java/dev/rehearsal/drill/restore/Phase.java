package dev.rehearsal.drill.restore;

/** The timed phases of a restore and of a drill, in order. */
public enum Phase {
    /** Read and check the manifest; check every data object is present at its recorded size. */
    INTEGRITY_CHECK("integrity-check"),
    /** Create the target table from the manifest's schema and wait until it takes writes. */
    TABLE_CREATE("table-create"),
    /** Download the data objects, checking each one's SHA-256 and item count, and write the items. */
    DATA_LOAD("data-load"),
    /** Build what is built after the load (indexes, constraints), apply the schema's settings, and wait until ready. */
    INDEX_BUILD("index-build"),
    /** Prove the restored table holds the backup: count, digest, schema, spot checks. */
    VERIFICATION("verification"),
    /** Delete the sandbox. */
    CLEANUP("cleanup");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** The name used in reports and in the {@code phase} metric label. */
    public String label() {
        return label;
    }
}
