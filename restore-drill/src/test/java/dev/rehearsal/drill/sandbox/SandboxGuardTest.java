package dev.rehearsal.drill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The guard's rules, checked over thousands of generated names from a seeded {@link Random}, so a
 * failure names a case that can be replayed. No server: the guard decides before any call.
 */
class SandboxGuardTest {

    private static final long SEED = 0x5EED_2026_1121L;
    private static final int CASES = 5_000;
    private static final String PREFIX = SandboxGuard.DEFAULT_PREFIX;
    private static final String DRILL = "20261121t161500-9f3a61";
    private static final String OTHER_DRILL = "20261121t161500-000000";
    private static final Pattern ENGINE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Source tables, some of them as close to the prefix as a source name may come. */
    private static final Set<String> SOURCES = Set.of("orders", "Orders", "payments.v2", "rehearsal-sandbox",
            "rehearsal-sandbo", "REHEARSAL-SANDBOX-orders", "sandbox-rehearsal-sandbox-x", "x-rehearsal-sandbox-orders");

    private static final String VALID = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
    /** Characters an engine refuses or a person might paste: accents, CJK, emoji (two chars), controls, look-alikes. */
    private static final String[] ODD = {"é", "ß", "漢", "😀", "\u0000", " ", "/", "\n", "\t", "\u200F", "\u0301",
            "а" /* Cyrillic a */, "‐" /* Unicode hyphen */, ":", "*", "%", "'", "\"", "\\"};

    private final SandboxGuard guard = new SandboxGuard(PREFIX, SOURCES, new InMemorySandboxLedger());

    @Test
    void acceptTakesExactlyTheNamesUnderThePrefixThatAreNoSourceAndRefusesTheRestNamingThem() {
        Random random = new Random(SEED);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            String name = name(random);
            boolean allowed = name.startsWith(PREFIX) && name.length() > PREFIX.length() && name.length() <= 255
                    && ENGINE_NAME.matcher(name).matches() && !SOURCES.contains(name);
            Throwable t = catchThrowable(() -> guard.accept(name, DRILL));
            if (allowed) {
                assertThat(t).as("case %d: %s", i, name).isNull();
                SandboxTable table = guard.accept(name, DRILL);
                assertThat(table.name()).isEqualTo(name);
                assertThat(table.drillId()).isEqualTo(DRILL);
                accepted++;
            } else {
                assertThat(t).as("case %d: %s", i, name).isInstanceOf(SandboxViolationException.class)
                        .hasMessageContaining("'" + name + "'");
                refused++;
            }
        }
        // The generator must exercise both sides, or the property proves nothing.
        assertThat(accepted).isGreaterThan(CASES / 10);
        assertThat(refused).isGreaterThan(CASES / 2);
    }

    @Test
    void sourceTablesAndNamesOutsideThePrefixAreRefusedWithAReason() {
        assertThatThrownBy(() -> guard.accept("orders", DRILL)).isInstanceOf(SandboxViolationException.class)
                .hasMessageContaining("'orders' is outside the sandbox");
        assertThatThrownBy(() -> guard.accept(PREFIX, DRILL)).isInstanceOf(SandboxViolationException.class)
                .hasMessageContaining("'" + PREFIX + "' is outside the sandbox");
        assertThatThrownBy(() -> guard.accept("rehearsal-sandbox", DRILL)).isInstanceOf(SandboxViolationException.class)
                .hasMessageContaining("'rehearsal-sandbox'");
        // Table names are case-sensitive in DynamoDB: an upper-case look-alike is outside the prefix.
        assertThatThrownBy(() -> guard.accept("REHEARSAL-SANDBOX-orders", DRILL)).isInstanceOf(SandboxViolationException.class)
                .hasMessageContaining("'REHEARSAL-SANDBOX-orders' is outside the sandbox");
        assertThatThrownBy(() -> guard.accept("rehearsаl-sandbox-orders", DRILL)).isInstanceOf(SandboxViolationException.class)
                .hasMessageContaining("not a valid table name");
        assertThatThrownBy(() -> guard.accept(null, DRILL)).isInstanceOf(SandboxViolationException.class)
                .hasMessageContaining("'null'");
        assertThatThrownBy(() -> guard.accept(PREFIX + "x".repeat(300), DRILL)).isInstanceOf(SandboxViolationException.class);
    }

    @Test
    void sandboxForAlwaysYieldsAValidNameUnderThePrefixEndingWithTheDrillId() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < CASES; i++) {
            String prefix = i % 3 == 0 ? PREFIX : validString(random, 4 + random.nextInt(61));
            Set<String> sources = Set.of("orders", "payments");
            if (sources.stream().anyMatch(s -> s.startsWith(prefix))) {
                continue;
            }
            SandboxGuard g = new SandboxGuard(prefix, sources, new InMemorySandboxLedger());
            String drill = i % 5 == 0 ? "d".repeat(40) : SandboxGuard.newDrillId(Instant.ofEpochSecond(random.nextInt(2_000_000_000)));
            String source = i % 7 == 0 ? random.nextBoolean() ? "orders" : "payments" : name(random);

            SandboxTable t = g.sandboxFor(source, drill);

            assertThat(t.name()).as("case %d: prefix %s, source %s", i, prefix, source)
                    .startsWith(prefix).endsWith("-" + drill).matches(ENGINE_NAME).hasSizeLessThanOrEqualTo(255)
                    .isNotIn(sources);
            assertThat(t.drillId()).isEqualTo(drill);
            // And what it yields, the guard accepts as it is.
            assertThat(g.accept(t.name(), drill).name()).isEqualTo(t.name());
        }
    }

    @Test
    void sandboxForKeepsAReadableStemAndCutsOnlyWhatDoesNotFit() {
        assertThat(guard.sandboxFor("orders", DRILL).name()).isEqualTo(PREFIX + "orders-" + DRILL);
        assertThat(guard.sandboxFor("", DRILL).name()).isEqualTo(PREFIX + "-" + DRILL);
        assertThat(guard.sandboxFor("a/b c😀", DRILL).name()).isEqualTo(PREFIX + "a_b_c_-" + DRILL);
        String longest = guard.sandboxFor("t".repeat(1_000), DRILL).name();
        assertThat(longest).hasSize(255).endsWith("t-" + DRILL);
    }

    @Test
    void aDrillIdMustBeWellFormed() {
        for (String bad : new String[] {null, "", "abc", "UPPER-case-1", "20261121t161500_9f3a61", "x".repeat(41), "id with space"}) {
            assertThatThrownBy(() -> guard.sandboxFor("orders", bad)).as("drill id %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> guard.accept(PREFIX + "orders", bad)).isInstanceOf(IllegalArgumentException.class);
        }
        Random random = new Random(SEED + 2);
        for (int i = 0; i < 1_000; i++) {
            String id = SandboxGuard.newDrillId(Instant.ofEpochSecond(random.nextInt(2_000_000_000)));
            assertThat(guard.sandboxFor("orders", id).drillId()).isEqualTo(id);
        }
    }

    @Test
    void theConstructorRefusesShortOrInvalidPrefixesNamingThem() {
        List<String> bad = new ArrayList<>(List.of("", "a", "abc", "sbx", "x".repeat(65), "sand box-", "sändbox-",
                "sandbox/", "sandbox:", "😀😀😀😀"));
        Random random = new Random(SEED + 3);
        for (int i = 0; i < 500; i++) {
            String p = name(random);
            if (!p.matches("[A-Za-z0-9_.-]{4,64}")) {
                bad.add(p);
            }
        }
        for (String p : bad) {
            assertThatThrownBy(() -> new SandboxGuard(p, Set.of(), new InMemorySandboxLedger())).as("prefix %s", p)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + p + "'");
        }
        assertThatThrownBy(() -> new SandboxGuard(null, Set.of(), new InMemorySandboxLedger()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'null'");
        assertThat(new SandboxGuard("sbx-", Set.of(), new InMemorySandboxLedger()).prefix()).isEqualTo("sbx-");
        assertThat(new SandboxGuard("s".repeat(64), Set.of(), new InMemorySandboxLedger()).prefix()).hasSize(64);
    }

    @Test
    void theConstructorRefusesAPrefixThatASourceTableStartsWith() {
        Random random = new Random(SEED + 4);
        for (int i = 0; i < 1_000; i++) {
            String source = validString(random, 4 + random.nextInt(60));
            String prefix = source.substring(0, 4 + random.nextInt(source.length() - 3));
            assertThatThrownBy(() -> new SandboxGuard(prefix, Set.of("unrelated", source), new InMemorySandboxLedger()))
                    .as("prefix %s, source %s", prefix, source)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + prefix + "'").hasMessageContaining("'" + source + "'");
        }
        assertThatThrownBy(() -> new SandboxGuard("orders", Set.of("orders"), new InMemorySandboxLedger()))
                .hasMessageContaining("matches source table 'orders'");
        assertThatThrownBy(() -> new SandboxGuard("orders-", Set.of("orders-eu"), new InMemorySandboxLedger()))
                .hasMessageContaining("matches source table 'orders-eu'");
        // The other way round is fine: the source is shorter than the prefix, so no sandbox can be named like it.
        assertThat(new SandboxGuard("orders-sandbox-", Set.of("orders"), new InMemorySandboxLedger()).prefix())
                .isEqualTo("orders-sandbox-");
    }

    @Test
    void withTagsOnlyTheOwningDrillsTagAuthorizesADrop() {
        InMemorySandboxLedger ledger = new InMemorySandboxLedger();
        SandboxGuard g = new SandboxGuard(PREFIX, SOURCES, ledger);
        SandboxTable mine = g.sandboxFor("orders", DRILL);
        // The ledger agreeing must not matter: an engine that reports tags is believed, not the ledger.
        ledger.record(mine.name(), DRILL);

        assertRefused(g, mine, Optional.of(Map.of()), null);
        assertRefused(g, mine, Optional.of(Map.of("owner", "rehearsal", "rehearsal:drill", DRILL)), null);
        assertRefused(g, mine, Optional.of(Map.of(SandboxGuard.DRILL_TAG, OTHER_DRILL)), OTHER_DRILL);
        // Marks that are no well-formed drill id are no owner at all.
        assertRefused(g, mine, Optional.of(Map.of(SandboxGuard.DRILL_TAG, DRILL.toUpperCase())), null);
        assertRefused(g, mine, Optional.of(Map.of(SandboxGuard.DRILL_TAG, "")), null);

        g.authorizeDrop(mine, Optional.of(Map.of(SandboxGuard.DRILL_TAG, DRILL, "team", "payments")));
    }

    @Test
    void withoutTagsOnlyTheLedgerEntryOfTheOwningDrillAuthorizesADrop() {
        InMemorySandboxLedger ledger = new InMemorySandboxLedger();
        SandboxGuard g = new SandboxGuard(PREFIX, SOURCES, ledger);
        SandboxTable mine = g.sandboxFor("orders", DRILL);

        assertRefused(g, mine, Optional.empty(), null);
        ledger.record(mine.name(), OTHER_DRILL);
        assertRefused(g, mine, Optional.empty(), OTHER_DRILL);
        ledger.record(PREFIX + "orders-" + OTHER_DRILL, DRILL);
        assertRefused(g, mine, Optional.empty(), OTHER_DRILL);

        ledger.release(mine.name()); // a ledger never lets a second claimant take a table over
        ledger.record(mine.name(), DRILL);
        g.authorizeDrop(mine, Optional.empty());
        ledger.release(mine.name());
        assertRefused(g, mine, Optional.empty(), null);
    }

    @Test
    void authorizeDropAgreesWithTheOwnershipRuleOverManyTablesTagsAndLedgers() {
        Random random = new Random(SEED + 5);
        String[] drills = {DRILL, OTHER_DRILL, "20250101t000000-abcdef"};
        int authorized = 0;
        for (int i = 0; i < CASES; i++) {
            InMemorySandboxLedger ledger = new InMemorySandboxLedger();
            SandboxGuard g = new SandboxGuard(PREFIX, SOURCES, ledger);
            String drill = drills[random.nextInt(drills.length)];
            SandboxTable table = g.sandboxFor(name(random), drill);
            String ledgerOwner = random.nextInt(3) == 0 ? null : drills[random.nextInt(drills.length)];
            if (ledgerOwner != null) {
                ledger.record(table.name(), ledgerOwner);
            }
            Optional<Map<String, String>> tags;
            String tagOwner = random.nextInt(3) == 0 ? null : drills[random.nextInt(drills.length)];
            if (random.nextBoolean()) {
                tags = Optional.empty();
            } else {
                tags = Optional.of(tagOwner == null ? Map.of("team", "x") : Map.of(SandboxGuard.DRILL_TAG, tagOwner));
            }
            String owner = tags.isPresent() ? tagOwner : ledgerOwner;

            Throwable t = catchThrowable(() -> g.authorizeDrop(table, tags));

            if (drill.equals(owner)) {
                assertThat(t).as("case %d: %s, tags %s, ledger %s", i, table, tags, ledgerOwner).isNull();
                authorized++;
            } else {
                assertThat(t).as("case %d: %s, tags %s, ledger %s", i, table, tags, ledgerOwner)
                        .isInstanceOf(SandboxViolationException.class).hasMessageContaining("'" + table.name() + "'");
            }
        }
        assertThat(authorized).isBetween(CASES / 10, CASES / 2);
    }

    @Test
    void aForgedSandboxTableNamingASourceOrAnOutsideTableIsNeverAuthorizedWhateverItsMarks() {
        InMemorySandboxLedger ledger = new InMemorySandboxLedger();
        SandboxGuard g = new SandboxGuard(PREFIX, SOURCES, ledger);
        Random random = new Random(SEED + 6);
        List<String> names = new ArrayList<>(SOURCES);
        names.addAll(List.of(PREFIX, "prod-orders", "rehearsal-sandbox", "x" + PREFIX + "orders"));
        for (int i = 0; i < 1_000; i++) {
            String n = name(random);
            if (!n.startsWith(PREFIX)) {
                names.add(n);
            }
        }
        for (String name : names) {
            // Only code inside this package can build one like this; the guard must still not trust it.
            SandboxTable forged = new SandboxTable(name, DRILL, PREFIX);
            ledger.release(name); // generated names repeat; each case starts from its own entry
            ledger.record(name, DRILL);
            assertThatThrownBy(() -> g.authorizeDrop(forged, Optional.empty())).as(name)
                    .isInstanceOf(SandboxViolationException.class);
            assertThatThrownBy(() -> g.authorizeDrop(forged, Optional.of(Map.of(SandboxGuard.DRILL_TAG, DRILL)))).as(name)
                    .isInstanceOf(SandboxViolationException.class);
            assertThat(g.owner(name, Optional.empty())).as(name).isEmpty();
        }
    }

    @Test
    void anOwnerIsOnlyEverReportedForANameAndDrillIdThatAcceptTakes() {
        // The janitor turns every owner it is told of into a SandboxTable with accept: the two must agree,
        // or one odd table (a bare prefix, a mangled tag) would stop the sweep.
        InMemorySandboxLedger ledger = new InMemorySandboxLedger();
        SandboxGuard g = new SandboxGuard(PREFIX, SOURCES, ledger);
        Random random = new Random(SEED + 7);
        String[] marks = {DRILL, OTHER_DRILL, "", "x", DRILL.toUpperCase(), "not a drill", "20261121t161500-9f3a61 "};
        int owned = 0;
        for (int i = 0; i < CASES; i++) {
            String name = name(random);
            String mark = marks[random.nextInt(marks.length)];
            ledger.release(name); // generated names repeat; each case starts from its own entry
            ledger.record(name, mark);
            Optional<Map<String, String>> tags = random.nextBoolean() ? Optional.empty()
                    : Optional.of(Map.of(SandboxGuard.DRILL_TAG, mark));

            Optional<String> owner = g.owner(name, tags);

            if (owner.isPresent()) {
                assertThat(owner).contains(mark);
                assertThat(g.accept(name, owner.get()).name()).as("case %d: %s", i, name).isEqualTo(name);
                owned++;
            }
            ledger.release(name);
        }
        assertThat(owned).isGreaterThan(CASES / 20);
    }

    @Test
    void aTableAcceptedUnderAnotherPrefixIsNotAuthorizedByThisGuard() {
        InMemorySandboxLedger ledger = new InMemorySandboxLedger();
        SandboxGuard wide = new SandboxGuard("rehearsal-", Set.of(), ledger);
        SandboxGuard g = new SandboxGuard(PREFIX, Set.of(), ledger);
        // Under both prefixes, owned by the drill in the ledger: still the wrong guard.
        SandboxTable t = wide.accept(PREFIX + "orders-" + DRILL, DRILL);
        ledger.record(t.name(), DRILL);

        assertThatThrownBy(() -> g.authorizeDrop(t, Optional.empty())).isInstanceOf(SandboxViolationException.class)
                .hasMessageContaining("'" + t.name() + "'").hasMessageContaining("'rehearsal-'");
        wide.authorizeDrop(t, Optional.empty());
    }

    private static void assertRefused(SandboxGuard g, SandboxTable t, Optional<Map<String, String>> tags, String belongsTo) {
        var refusal = assertThatThrownBy(() -> g.authorizeDrop(t, tags)).as("tags %s", tags)
                .isInstanceOf(SandboxViolationException.class)
                .hasMessageContaining("refusing to delete table '" + t.name() + "'")
                .hasMessageContaining(t.drillId());
        if (belongsTo != null) {
            refusal.hasMessageContaining("belongs to drill " + belongsTo);
        }
    }

    /** A name of one of several shapes: random, under the prefix, containing it, a piece of it, a source, empty, long. */
    private static String name(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> PREFIX;
            case 2 -> PREFIX.substring(0, random.nextInt(PREFIX.length()));
            case 3 -> List.copyOf(SOURCES).get(random.nextInt(SOURCES.size()));
            case 4 -> mixed(random, random.nextInt(20)) + PREFIX + mixed(random, random.nextInt(20));
            case 5 -> PREFIX + mixed(random, random.nextInt(40));
            case 6, 7 -> PREFIX + validString(random, 1 + random.nextInt(40));
            case 8 -> PREFIX + validString(random, 200 + random.nextInt(100));
            case 9 -> mixed(random, 1 + random.nextInt(random.nextBoolean() ? 30 : 1_000));
            case 10 -> PREFIX.toUpperCase() + validString(random, 1 + random.nextInt(10));
            default -> validString(random, 1 + random.nextInt(300));
        };
    }

    private static String validString(Random random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(VALID.charAt(random.nextInt(VALID.length())));
        }
        return s.toString();
    }

    private static String mixed(Random random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(4) == 0) {
                s.append(ODD[random.nextInt(ODD.length)]);
            } else {
                s.append(VALID.charAt(random.nextInt(VALID.length())));
            }
        }
        return s.toString();
    }
}
