package dev.rehearsal.drill.sandbox;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which tables a drill may create and delete. A sandbox table's name starts with the
 * configured prefix and is never one of the source's tables; it may be deleted only by the drill
 * that created it, proven by the {@value #DRILL_TAG} tag, or, on an engine without tags, by the
 * ledger entry written before the table was created. Every check runs before any call that writes.
 */
public final class SandboxGuard {

    public static final String DEFAULT_PREFIX = "rehearsal-sandbox-";
    public static final String DRILL_TAG = "rehearsal:drill-id";

    /** The longest table name of any engine (255 characters); engines with shorter names pass their own limit. */
    public static final int MAX_NAME = 255;
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern VALID_PREFIX = Pattern.compile("[A-Za-z0-9_.-]{4,64}");
    private static final Pattern VALID_DRILL_ID = Pattern.compile("[a-z0-9-]{6,40}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final Set<String> protectedTables;
    private final SandboxLedger ledger;
    private final int maxNameLength;

    /** A guard for an engine whose table names may be up to {@value #MAX_NAME} characters long. */
    public SandboxGuard(String prefix, Set<String> protectedTables, SandboxLedger ledger) {
        this(prefix, protectedTables, ledger, MAX_NAME);
    }

    /**
     * @param prefix          every sandbox table's name starts with this; at least 4 characters
     * @param protectedTables tables that are never a sandbox whatever their name (the source's tables)
     * @param maxNameLength   the longest sandbox name the target engine keeps intact, in UTF-8 bytes
     *                        (PostgreSQL truncates identifiers beyond 63, so two drills could collide)
     */
    public SandboxGuard(String prefix, Set<String> protectedTables, SandboxLedger ledger, int maxNameLength) {
        if (maxNameLength < 32 || maxNameLength > MAX_NAME) {
            throw new IllegalArgumentException("sandbox name limit must be between 32 and " + MAX_NAME + ", was "
                    + maxNameLength);
        }
        if (prefix == null || !VALID_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("invalid sandbox prefix '" + prefix
                    + "': use 4-64 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
        }
        for (String t : protectedTables) {
            if (t.startsWith(prefix)) {
                throw new IllegalArgumentException("sandbox prefix '" + prefix + "' matches source table '" + t
                        + "': choose a prefix no source table starts with");
            }
        }
        this.prefix = prefix;
        this.protectedTables = Set.copyOf(protectedTables);
        this.ledger = ledger;
        this.maxNameLength = maxNameLength;
    }

    public String prefix() {
        return prefix;
    }

    public SandboxLedger ledger() {
        return ledger;
    }

    /** A new drill id: UTC time to the second and a random suffix, e.g. {@code 20261121t161500-9f3a61}. */
    public static String newDrillId(Instant now) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return STAMP.format(now).toLowerCase() + "-" + HexFormat.of().formatHex(suffix);
    }

    /** The sandbox for restoring {@code sourceTable} in drill {@code drillId}: {@code <prefix><table>-<drillId>}. */
    public SandboxTable sandboxFor(String sourceTable, String drillId) {
        requireDrillId(drillId);
        String suffix = "-" + drillId;
        String stem = sourceTable.replaceAll("[^A-Za-z0-9_.-]", "_");
        int room = maxNameLength - prefix.length() - suffix.length();
        if (stem.length() > room) {
            stem = stem.substring(0, room);
        }
        return accept(prefix + stem + suffix, drillId);
    }

    /**
     * Accepts an explicitly named sandbox table, or refuses it with a message naming the table:
     * a name outside the prefix, an invalid name, or a source table.
     */
    public SandboxTable accept(String name, String drillId) {
        requireDrillId(drillId);
        if (name == null || !VALID_NAME.matcher(name).matches()) {
            throw new SandboxViolationException("'" + name + "' is not a valid table name for a sandbox");
        }
        if (name.length() > maxNameLength) {
            throw new SandboxViolationException("'" + name + "' is longer than the " + maxNameLength
                    + " characters the sandbox engine keeps intact");
        }
        if (!name.startsWith(prefix) || name.length() == prefix.length()) {
            throw new SandboxViolationException("table '" + name + "' is outside the sandbox: sandbox tables start with '"
                    + prefix + "'");
        }
        if (protectedTables.contains(name)) {
            throw new SandboxViolationException("table '" + name + "' is a source table and never a sandbox");
        }
        return new SandboxTable(name, drillId, prefix);
    }

    /**
     * Confirms that {@code table} may be deleted now: still under the prefix, not a source table,
     * and created by its drill, as its tags say or, when the engine has no tags, as the ledger says.
     *
     * @param tags the table's tags as the engine reports them, or empty if it cannot
     */
    public void authorizeDrop(SandboxTable table, Optional<Map<String, String>> tags) {
        if (!table.prefix().equals(prefix)) {
            throw new SandboxViolationException("table '" + table.name() + "' was accepted under sandbox prefix '"
                    + table.prefix() + "', not this guard's '" + prefix + "'");
        }
        accept(table.name(), table.drillId());
        Optional<String> owner = owner(table.name(), tags);
        if (owner.isEmpty() || !owner.get().equals(table.drillId())) {
            throw new SandboxViolationException("refusing to delete table '" + table.name() + "': it is not marked as"
                    + " created by drill " + table.drillId() + (owner.map(o -> " (it belongs to drill " + o + ")").orElse("")));
        }
    }

    /**
     * The drill that created a table under the prefix, if Rehearsal created it: its
     * {@value #DRILL_TAG} tag where the engine reports tags, else the ledger. Tables without such
     * a mark are never treated as sandboxes, whatever their name. The answer agrees with
     * {@link #accept}: a name it would refuse, or a mark that is no well-formed drill id, has no owner.
     */
    public Optional<String> owner(String table, Optional<Map<String, String>> tags) {
        if (table == null || !VALID_NAME.matcher(table).matches() || !table.startsWith(prefix)
                || table.length() == prefix.length() || protectedTables.contains(table)) {
            return Optional.empty();
        }
        Optional<String> mark = tags.isPresent() ? Optional.ofNullable(tags.get().get(DRILL_TAG)) : ledger.owner(table);
        return mark.filter(id -> VALID_DRILL_ID.matcher(id).matches());
    }

    private static void requireDrillId(String drillId) {
        if (drillId == null || !VALID_DRILL_ID.matcher(drillId).matches()) {
            throw new IllegalArgumentException("invalid drill id '" + drillId + "'");
        }
    }
}
