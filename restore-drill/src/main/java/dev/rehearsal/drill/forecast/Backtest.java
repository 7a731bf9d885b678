package dev.rehearsal.drill.forecast;

import java.time.Instant;
import java.util.List;

/**
 * What a forecast model would have said before each past drill, against what the drill measured,
 * oldest first. Its errors are the range of the forecast made today.
 *
 * @param points one per past drill that had earlier drills to forecast from
 */
public record Backtest(List<Point> points) {

    public Backtest {
        points = List.copyOf(points);
    }

    /**
     * @param at        when the drill forecast here finished
     * @param predicted what the drills before it forecast, in seconds
     * @param actual    what it measured, in seconds
     * @param error     the signed relative error, {@code actual / predicted - 1}: +0.2 means it took 20% longer
     */
    public record Point(Instant at, double predicted, double actual, double error) {

        static Point of(Instant at, double predicted, double actual) {
            return new Point(at, predicted, actual, actual / predicted - 1);
        }
    }

    public int size() {
        return points.size();
    }

    public List<Double> errors() {
        return points.stream().map(Point::error).toList();
    }
}
