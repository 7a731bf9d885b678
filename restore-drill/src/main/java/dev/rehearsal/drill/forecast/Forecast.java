package dev.rehearsal.drill.forecast;

/**
 * One table's forecast recovery time, in seconds.
 *
 * @param seconds  the most likely recovery time
 * @param low      the range's low end: {@code seconds * (1 + accuracy.lowError())}, never above {@code seconds}
 * @param high     the range's high end: {@code seconds * (1 + accuracy.highError())}, never below {@code seconds}
 * @param drills   how many drills the most likely value rests on
 * @param items    the item count it was made for
 * @param method   how the most likely value was computed, for a person
 * @param accuracy how far the same model was off before, which sets the range
 */
public record Forecast(double seconds, double low, double high, int drills, long items, String method,
        Accuracy accuracy) {

    public Estimate estimate() {
        return new Estimate(seconds, low, high);
    }
}
