package dev.rehearsal.drill.verify;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A policy's SQL check: a read-only query over the restored table, which it names by its own name,
 * and the result it must give, rendered as {@link #render}: rows joined by newlines, a row's values
 * by {@code |}, NULL as {@code NULL}. For example {@code select count(*) from orders where total < 0}
 * expecting {@code 0}.
 */
public record SqlCheck(String name, String query, String expected) {

    public SqlCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(expected, "expected");
    }

    public static String render(List<List<String>> rows) {
        return rows.stream().map(r -> r.stream().map(v -> v == null ? "NULL" : v).collect(Collectors.joining("|")))
                .collect(Collectors.joining("\n"));
    }
}
