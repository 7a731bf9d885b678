package dev.rehearsal.drill.drill;

import dev.rehearsal.drill.sandbox.SandboxGuard;
import dev.rehearsal.drill.sink.TableInfo;
import dev.rehearsal.drill.sink.SandboxAdmin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes sandbox tables that crashed drills left behind: under the sandbox prefix, marked as
 * created by a drill (tag or ledger), and older than {@code minAge} so that running drills are
 * left alone. A table without Rehearsal's mark is never touched, whatever its name.
 */
public final class Janitor {

    private static final Logger log = LoggerFactory.getLogger(Janitor.class);

    private final SandboxAdmin sink;
    private final SandboxGuard guard;
    private final Duration minAge;
    private final Clock clock;

    public Janitor(SandboxAdmin sink, SandboxGuard guard, Duration minAge, Clock clock) {
        this.sink = sink;
        this.guard = guard;
        this.minAge = minAge;
        this.clock = clock;
    }

    /** Deletes abandoned sandboxes and returns their names. */
    public List<String> sweep() throws InterruptedException {
        Instant cutoff = clock.instant().minus(minAge);
        List<String> removed = new ArrayList<>();
        for (TableInfo t : sink.list(guard.prefix())) {
            if (t.created() != null && t.created().isAfter(cutoff)) {
                continue;
            }
            Optional<String> owner = guard.owner(t.name(), sink.tags(t.name()));
            if (owner.isEmpty()) {
                log.warn("Table '{}' at {} has the sandbox prefix but no drill's mark; leaving it alone", t.name(),
                        sink.info().endpoint());
                continue;
            }
            sink.drop(guard.accept(t.name(), owner.get()));
            removed.add(t.name());
            log.info("Janitor removed sandbox '{}' left by drill {}", t.name(), owner.get());
        }
        return removed;
    }
}
