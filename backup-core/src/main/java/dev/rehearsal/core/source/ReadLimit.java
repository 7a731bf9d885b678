package dev.rehearsal.core.source;

/**
 * An upper bound on how fast a backup reads, so that it never starves production traffic.
 *
 * @param unit      what is counted
 * @param perSecond how many of them a second, over all segments together; 0 means no limit
 */
public record ReadLimit(Unit unit, double perSecond) {

    public static final ReadLimit UNLIMITED = new ReadLimit(Unit.ITEMS, 0);

    public enum Unit {
        /** Items returned. */
        ITEMS,
        /** Read capacity units consumed, as the engine reports them. */
        CAPACITY_UNITS
    }

    public ReadLimit {
        if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("read limit must be a finite number >= 0, was " + perSecond);
        }
    }

    public static ReadLimit itemsPerSecond(double n) {
        return new ReadLimit(Unit.ITEMS, n);
    }

    public static ReadLimit capacityUnitsPerSecond(double n) {
        return new ReadLimit(Unit.CAPACITY_UNITS, n);
    }

    public boolean limited() {
        return perSecond > 0;
    }
}
