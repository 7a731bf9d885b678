package dev.rehearsal.dashboard.engine.port;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The engines this daemon has: every {@link EngineProvider} that {@link ServiceLoader} finds under
 * {@code META-INF/services/dev.rehearsal.dashboard.engine.port.EngineProvider}, in the jar or on the
 * test class path, ordered by kind.
 */
public final class EngineProviders {

    private final List<EngineProvider> providers;

    private EngineProviders(List<EngineProvider> providers) {
        List<EngineProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparing(EngineProvider::kind));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).kind().equals(sorted.get(i - 1).kind())) {
                throw new IllegalStateException("two engines claim kind '" + sorted.get(i).kind() + "': "
                        + sorted.get(i - 1).getClass().getName() + " and " + sorted.get(i).getClass().getName());
            }
        }
        List<String> defaults = sorted.stream().filter(EngineProvider::isDefault).map(EngineProvider::kind).toList();
        if (defaults.size() > 1) {
            throw new IllegalStateException("more than one engine is the default kind: " + defaults);
        }
        this.providers = List.copyOf(sorted);
    }

    /**
     * The providers the class loader sees. The thread's context class loader is the one that sees
     * the daemon's own classes inside Spring Boot's executable jar; the loader of this class serves
     * where a thread has none.
     */
    public static EngineProviders installed() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<EngineProvider> found = new ArrayList<>();
        ServiceLoader.load(EngineProvider.class, loader != null ? loader : EngineProvider.class.getClassLoader())
                .forEach(found::add);
        return new EngineProviders(found);
    }

    /** Exactly these providers. */
    public static EngineProviders of(EngineProvider... providers) {
        return new EngineProviders(List.of(providers));
    }

    /** The kinds a source may name, in order. */
    public List<String> kinds() {
        return providers.stream().map(EngineProvider::kind).toList();
    }

    /** The engine of {@code kind}; a null kind (a source that names none) is the default engine's. */
    public Optional<EngineProvider> find(String kind) {
        return providers.stream().filter(p -> kind == null ? p.isDefault() : p.kind().equals(kind)).findFirst();
    }

    /** As {@link #find}, for a kind that validation has accepted. */
    public EngineProvider get(String kind) {
        return find(kind).orElseThrow(() -> new IllegalArgumentException(kind == null
                ? "no engine is the default kind; name one of " + kinds()
                : "no engine supports source kind '" + kind + "'; installed: " + kinds()));
    }
}
