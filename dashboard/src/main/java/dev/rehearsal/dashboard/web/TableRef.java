package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.jobs.Refusal;

/** A table as the dashboard's forms name it: {@code source/table} (PostgreSQL tables carry a dot, never a slash). */
record TableRef(String source, String table) {

    static TableRef parse(String value) {
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw new Refusal(org.springframework.http.HttpStatus.BAD_REQUEST, "'" + value + "' does not name a table;"
                    + " the form sends source/table.");
        }
        return new TableRef(value.substring(0, slash), value.substring(slash + 1));
    }

    @Override
    public String toString() {
        return source + "/" + table;
    }
}
