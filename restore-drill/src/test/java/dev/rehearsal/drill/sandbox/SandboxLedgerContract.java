package dev.rehearsal.drill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SandboxLedger} promises, run against each implementation: the in-memory one
 * here, the catalog's on H2 and PostgreSQL in the dashboard. The ledger is the only proof of
 * ownership on an engine without tags, so a name is owned by one drill (or restore) at a time,
 * looked up exactly as written, and freed only by its release.
 */
public abstract class SandboxLedgerContract {

    protected static final String DRILL = "20261121t161500-9f3a61";
    protected static final String OTHER_DRILL = "20261121t161500-000000";
    protected static final String TABLE = "rehearsal-sandbox-orders-" + DRILL;

    protected SandboxLedger ledger;

    /** A ledger with no entries, backed by a real instance of the implementation. */
    protected abstract SandboxLedger newLedger() throws Exception;

    /** What a second record of a name already recorded throws. */
    protected Class<? extends RuntimeException> refusalOfASecondRecord() {
        return RuntimeException.class;
    }

    @BeforeEach
    void emptyLedger() throws Exception {
        ledger = newLedger();
    }

    @Test
    void aRecordedTableIsOwnedByTheDrillThatRecordedIt() {
        ledger.record(TABLE, DRILL);

        assertThat(ledger.owner(TABLE)).contains(DRILL);
    }

    @Test
    void aTableNeverRecordedHasNoOwner() {
        ledger.record(TABLE, DRILL);

        assertThat(ledger.owner("rehearsal-sandbox-never-recorded")).isEmpty();
    }

    @Test
    void releaseRemovesThatTableAndNoOther() {
        String other = "rehearsal-sandbox-payments-" + OTHER_DRILL;
        ledger.record(TABLE, DRILL);
        ledger.record(other, OTHER_DRILL);

        ledger.release(TABLE);

        assertThat(ledger.owner(TABLE)).isEmpty();
        assertThat(ledger.owner(other)).contains(OTHER_DRILL);
    }

    @Test
    void releaseOfATableNeverRecordedOrAlreadyReleasedIsHarmless() {
        ledger.record(TABLE, DRILL);

        assertThatCode(() -> ledger.release("rehearsal-sandbox-never-recorded")).doesNotThrowAnyException();
        assertThat(ledger.owner(TABLE)).contains(DRILL);
        ledger.release(TABLE);
        assertThatCode(() -> ledger.release(TABLE)).doesNotThrowAnyException();
        assertThat(ledger.owner(TABLE)).isEmpty();
    }

    /** A second claim would hand the first drill's table to another, which could then delete it. */
    @Test
    void aSecondRecordOfTheSameTableIsRefusedAndTheFirstOwnerStays() {
        ledger.record(TABLE, DRILL);

        assertThatThrownBy(() -> ledger.record(TABLE, OTHER_DRILL)).isInstanceOf(refusalOfASecondRecord());
        assertThat(ledger.owner(TABLE)).contains(DRILL);
    }

    @Test
    void onceReleasedTheNameCanBeRecordedByAnotherDrill() {
        ledger.record(TABLE, DRILL);
        ledger.release(TABLE);

        ledger.record(TABLE, OTHER_DRILL);

        assertThat(ledger.owner(TABLE)).contains(OTHER_DRILL);
    }

    /** DynamoDB and quoted PostgreSQL names are case-sensitive, and a prefix is not a name. */
    @Test
    void namesAreLookedUpAndReleasedExactlyAsWritten() {
        String mixedCase = "rehearsal-sandbox-Orders-" + DRILL;
        ledger.record(mixedCase, DRILL);

        assertThat(ledger.owner(mixedCase.toLowerCase())).isEmpty();
        assertThat(ledger.owner(mixedCase.toUpperCase())).isEmpty();
        assertThat(ledger.owner("rehearsal-sandbox-Orders")).isEmpty();
        assertThat(ledger.owner(mixedCase + " ")).isEmpty();
        ledger.release(mixedCase.toLowerCase());
        ledger.release("rehearsal-sandbox-Orders");
        assertThat(ledger.owner(mixedCase)).contains(DRILL);
    }

    /** The longest table name and drill id the sandbox guard accepts fit, and come back whole. */
    @Test
    void theLongestNameAndDrillIdTheGuardAcceptsAreKeptWhole() {
        String longName = SandboxGuard.DEFAULT_PREFIX + "t".repeat(SandboxGuard.MAX_NAME - SandboxGuard.DEFAULT_PREFIX.length());
        String longDrill = "d".repeat(40);
        SandboxTable accepted = new SandboxGuard(SandboxGuard.DEFAULT_PREFIX, java.util.Set.of(), ledger)
                .accept(longName, longDrill);

        ledger.record(accepted.name(), accepted.drillId());

        assertThat(ledger.owner(longName)).contains(longDrill);
        assertThat(longName).hasSize(SandboxGuard.MAX_NAME);
    }
}
