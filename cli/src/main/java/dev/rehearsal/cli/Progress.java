package dev.rehearsal.cli;

import tools.jackson.databind.JsonNode;

/**
 * What the progress bar shows, read from one server-sent event's data: a restore's status, or a plan
 * run's snapshot (every table) or record (no tables, when it runs in another replica).
 *
 * @param percent 0 to 100
 * @param done    what is done, in words: "18,000/40,000 items" or "2/5 tables"
 * @param rate    items per second, or null when not measured yet
 * @param eta     seconds left, or null when the server cannot tell
 */
record Progress(String status, double percent, String done, Double rate, Double eta, String phase) {

    boolean running() {
        return "RUNNING".equals(status);
    }

    /** A restore's status ({@code /api/v1/restores/{id}}). */
    static Progress ofRestore(JsonNode r) {
        long items = r.path("items").asLong();
        long total = r.path("totalItems").asLong();
        return new Progress(r.path("status").asString(), r.path("percent").asDouble(),
                Formats.count(items) + (total > 0 ? "/" + Formats.count(total) : "") + " items",
                number(r, "itemsPerSecond"), number(r, "etaSeconds"), ApiClient.text(r, "phase"));
    }

    /**
     * A plan run's snapshot: each table counts for an equal share, a finished one whole, a running one
     * by its own percent. The ETA is the server's, for the whole plan.
     */
    static Progress ofPlanRun(JsonNode s) {
        JsonNode tables = s.path("tables");
        String status = s.path("status").asString();
        if (!tables.isArray() || tables.isEmpty()) {
            return new Progress(status, "RUNNING".equals(status) ? 0 : 100, "", null, number(s, "etaSeconds"), null);
        }
        double sum = 0;
        int finished = 0;
        long items = 0;
        double rate = 0;
        for (JsonNode t : tables) {
            String state = t.path("state").asString();
            items += t.path("items").asLong();
            if (state.equals("RUNNING")) {
                long total = t.path("totalItems").asLong();
                sum += total > 0 ? Math.min(1.0, (double) t.path("items").asLong() / total) : 0;
                rate += t.path("itemsPerSecond").asDouble();
            } else if (!state.equals("PENDING")) {
                sum += 1;
                finished++;
            }
        }
        // A running plan is not done until the server says so, whatever its tables' loads say.
        double percent = "RUNNING".equals(status) ? Math.min(99.9, 100.0 * sum / tables.size()) : 100;
        return new Progress(status, percent, finished + "/" + tables.size() + " tables, " + Formats.count(items) + " items",
                rate > 0 ? rate : null, number(s, "etaSeconds"), null);
    }

    private static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? null : v.asDouble();
    }
}
