package dev.rehearsal.drill.forecast;

import java.util.Arrays;
import java.util.List;

/**
 * List scheduling, longest first: each task, longest to shortest, goes to the slot that frees up
 * earliest (the lowest-numbered on a tie). Deterministic, and within 4/3 of the best possible
 * finish; it is also what a runner that starts the biggest tables first actually does.
 */
final class Slots {

    private Slots() {
    }

    /**
     * When the last task finishes.
     *
     * @param start     when the slots not listed in {@code busyUntil} become free
     * @param slots     how many tasks may run at once
     * @param busyUntil when the slots already taken (by running tasks) free up; as many as there are
     * @param durations the tasks still to start
     */
    static double finish(double start, int slots, List<Double> busyUntil, List<Double> durations) {
        double[] free = new double[Math.max(slots, busyUntil.size())];
        Arrays.fill(free, start);
        for (int i = 0; i < busyUntil.size(); i++) {
            free[i] = busyUntil.get(i);
        }
        double end = busyUntil.stream().mapToDouble(Double::doubleValue).max().orElse(start);
        double[] longestFirst = durations.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        for (int t = longestFirst.length - 1; t >= 0; t--) {
            int earliest = 0;
            for (int s = 1; s < free.length; s++) {
                if (free[s] < free[earliest]) {
                    earliest = s;
                }
            }
            free[earliest] += longestFirst[t];
            end = Math.max(end, free[earliest]);
        }
        return Math.max(end, start);
    }
}
