package dev.rehearsal.dashboard.metrics;

import dev.rehearsal.dashboard.engine.Engines;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN when a configured source cannot list its tables or a store cannot be written, with the
 * reason for each: a daemon that cannot reach them backs nothing up, and should say so.
 */
public final class SourcesAndStoresHealth implements HealthIndicator {

    private final Engines engines;

    public SourcesAndStoresHealth(Engines engines) {
        this.engines = engines;
    }

    @Override
    public Health health() {
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        engines.listTables(failures).forEach((source, tables) -> details.put("source " + source, tables.size() + " tables"));
        failures.forEach((source, why) -> details.put("source " + source, "unreachable: " + why));
        boolean down = !failures.isEmpty();
        for (var e : engines.stores().entrySet()) {
            try {
                e.getValue().probe();
                details.put("store " + e.getKey(), "writable: " + e.getValue().name());
            } catch (Exception ex) {
                details.put("store " + e.getKey(), "unusable: " + ex.getMessage());
                down = true;
            }
        }
        return (down ? Health.down() : Health.up()).withDetails(details).build();
    }
}
