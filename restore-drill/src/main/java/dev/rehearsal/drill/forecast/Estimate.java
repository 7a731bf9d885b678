package dev.rehearsal.drill.forecast;

/**
 * A most-likely time with its range, in seconds; {@code low <= seconds <= high}.
 *
 * @param seconds the most likely value
 * @param low     the low end of the range (about the 10th percentile)
 * @param high    the high end of the range (about the 90th percentile)
 */
public record Estimate(double seconds, double low, double high) {

    public Estimate {
        if (!(low <= seconds && seconds <= high) || low < 0) {
            throw new IllegalArgumentException("an estimate needs 0 <= low <= seconds <= high, got " + low + " <= "
                    + seconds + " <= " + high);
        }
    }

    /** The most likely value with a range of relative errors around it, always holding the value itself. */
    static Estimate around(double seconds, double lowError, double highError) {
        return new Estimate(seconds, seconds * (1 + Math.min(0, lowError)), seconds * (1 + Math.max(0, highError)));
    }
}
