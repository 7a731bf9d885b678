package dev.rehearsal.drill.postgres;

import dev.rehearsal.core.source.postgres.PostgresSchema;
import dev.rehearsal.core.source.postgres.PostgresTableName;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a restore builds after the load, as three lists of statements run in order:
 * {@link #first()} one after another, {@link #parallel()} each on a connection of its own at once,
 * {@link #last()} one after another again.
 *
 * <p>Every index, including those behind the primary key and unique constraints, is built in the
 * parallel step, as pg_restore builds a table's indexes in parallel jobs: {@code CREATE INDEX}
 * takes a SHARE lock, which does not conflict with another's, so builds on separate connections do
 * not wait for each other. {@code ALTER TABLE ... ADD CONSTRAINT} takes an ACCESS EXCLUSIVE lock,
 * so a constraint's index is built first under the constraint's name and then adopted with
 * {@code ADD CONSTRAINT name PRIMARY KEY USING INDEX name}, which only checks the index and renames
 * nothing; the catalog then reads exactly as after a plain {@code ADD CONSTRAINT}. A constraint
 * whose definition is anything but a plain column list (DEFERRABLE, WITH, USING INDEX TABLESPACE,
 * NULLS NOT DISTINCT, an expression) is added the plain way in {@link #first()}, before the
 * parallel builds, as are check constraints, which scan the table under that same lock.
 * {@code ANALYZE} comes last, for a table restored to stay.
 */
record PostgresIndexBuild(List<String> first, List<String> parallel, List<String> last) {

    /** {@code PRIMARY KEY (a, b)} or {@code UNIQUE (a) INCLUDE (b)}: plain column lists, nothing else. */
    private static final Pattern PLAIN = Pattern.compile("(PRIMARY KEY|UNIQUE) (\\([^()]*\\))( INCLUDE \\([^()]*\\))?");

    /**
     * @param analyze whether to end with {@code ANALYZE}: for a table restored to stay. A sandbox,
     *                checked and dropped within minutes, goes without (as after pg_restore): its
     *                index builds record its row and page counts, which is what its plans need most.
     */
    static PostgresIndexBuild of(String target, PostgresSchema schema, boolean analyze) {
        List<String> first = new ArrayList<>();
        List<String> parallel = new ArrayList<>();
        List<String> last = new ArrayList<>();
        List<PostgresSchema.Constraint> keys = new ArrayList<>();
        if (schema.primaryKey() != null) {
            keys.add(schema.primaryKey());
        }
        keys.addAll(schema.uniqueConstraints());
        for (PostgresSchema.Constraint k : keys) {
            Matcher m = PLAIN.matcher(k.definition());
            if (m.matches()) {
                parallel.add("CREATE UNIQUE INDEX " + q(k.name()) + " ON " + target + " USING btree " + m.group(2)
                        + (m.group(3) == null ? "" : m.group(3)));
                last.add("ALTER TABLE " + target + " ADD CONSTRAINT " + q(k.name()) + " " + m.group(1) + " USING INDEX "
                        + q(k.name()));
            } else {
                first.add("ALTER TABLE " + target + " ADD CONSTRAINT " + q(k.name()) + " " + k.definition());
            }
        }
        for (PostgresSchema.Constraint k : schema.checkConstraints()) {
            first.add("ALTER TABLE " + target + " ADD CONSTRAINT " + q(k.name()) + " " + k.definition());
        }
        for (PostgresSchema.Index i : schema.indexes()) {
            parallel.add("CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX " + q(i.name()) + " ON " + target
                    + " USING " + i.method());
        }
        if (analyze) {
            last.add("ANALYZE " + target);
        }
        return new PostgresIndexBuild(List.copyOf(first), List.copyOf(parallel), List.copyOf(last));
    }

    private static String q(String identifier) {
        return PostgresTableName.quote(identifier);
    }
}
