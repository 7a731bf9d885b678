package dev.rehearsal.dashboard.config;

import dev.rehearsal.dashboard.engine.port.ConfigSection;
import java.util.Map;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * A {@link ConfigSection} read through Spring Boot's {@link Binder}: the same property sources,
 * relaxed names and placeholders that bind {@link RehearsalProperties}, so that an engine's keys
 * work in YAML, as {@code --arguments} and as environment variables exactly as they did when the
 * shared record held them.
 */
public final class BinderSection implements ConfigSection {

    private final Binder binder;
    private final ConfigurationPropertyName name;
    /** The key as an operator writes it: {@code rehearsal.sources.orders_db}, not {@code rehearsal.sources[orders_db]}. */
    private final String key;

    private BinderSection(Binder binder, ConfigurationPropertyName name, String key) {
        this.binder = binder;
        this.name = name;
        this.key = key;
    }

    /** {@code rehearsal} as the daemon's environment has it. */
    public static ConfigSection of(Environment environment) {
        return of(Binder.get(environment));
    }

    /** {@code rehearsal} as {@code binder} has it. */
    public static ConfigSection of(Binder binder) {
        return new BinderSection(binder, ConfigurationPropertyName.of("rehearsal"), "rehearsal");
    }

    /** {@code rehearsal} from flat keys such as {@code rehearsal.sources.prod.kind}, for tests and tools. */
    public static ConfigSection of(Map<String, ?> properties) {
        return of(binder(properties));
    }

    /** A binder over flat keys, for binding {@link RehearsalProperties} from the same map. */
    public static Binder binder(Map<String, ?> properties) {
        return new Binder(new MapConfigurationPropertySource(properties));
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public boolean isPresent() {
        return binder.bind(name, Bindable.mapOf(String.class, Object.class)).isBound()
                || binder.bind(name, Bindable.of(String.class)).isBound();
    }

    @Override
    public ConfigSection child(String child) {
        // As the map of sources found the name: a dotted one is a key in brackets, any other is adapted
        // to the uniform form (lower case, without '_'), which is what relaxed binding compares.
        ConfigurationPropertyName next = child.contains(".") ? name.append("[" + child + "]")
                : name.append(ConfigurationPropertyName.adapt(child, '.').toString());
        return new BinderSection(binder, next, key + "." + child);
    }

    @Override
    public <T> T bind(Class<T> type) {
        try {
            return binder.bindOrCreate(name, Bindable.of(type), BindHandler.DEFAULT);
        } catch (BindException e) {
            // The value itself is left out: it may be a secret that was put under the wrong key.
            String failed = e.getName().toString();
            String where = failed.startsWith(name.toString()) ? key + failed.substring(name.toString().length()) : failed;
            throw new InvalidValueException(where + ": cannot be read as "
                    + e.getTarget().getType().toClass().getSimpleName(), e);
        }
    }

    @Override
    public String toString() {
        return key();
    }
}
