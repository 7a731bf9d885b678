package dev.rehearsal.dashboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.dashboard.engine.port.ConfigSection;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * An engine's section is read as Spring binds configuration: every source that {@link RehearsalProperties}
 * sees is a section with the same keys, whatever characters its name holds, and environment variables
 * override keys as they did when the shared record held them.
 */
class BinderSectionTest {

    record Endpoint(URI endpoint, String region, String jdbcUrl, String username, Integer connections) {
    }

    private final Map<String, Object> yaml = new LinkedHashMap<>();
    private final Map<String, Object> environment = new LinkedHashMap<>();

    @Test
    void eachSourceTheSharedRecordSeesIsASectionWithItsKeys() {
        yaml.put("rehearsal.sources.prod.region", "eu-west-1");
        yaml.put("rehearsal.sources.orders_db.jdbc-url", "jdbc:postgresql://db/orders");
        yaml.put("rehearsal.sources[eu.prod].region", "eu-central-1");
        Binder binder = binder();
        RehearsalProperties p = binder.bindOrCreate("rehearsal", RehearsalProperties.class);
        ConfigSection sources = BinderSection.of(binder).child("sources");

        assertThat(p.sources()).as("a source of engine keys only is still a source")
                .containsOnlyKeys("prod", "orders_db", "eu.prod");
        assertThat(sources.child("prod").bind(Endpoint.class).region()).isEqualTo("eu-west-1");
        assertThat(sources.child("orders_db").bind(Endpoint.class).jdbcUrl()).isEqualTo("jdbc:postgresql://db/orders");
        assertThat(sources.child("eu.prod").bind(Endpoint.class).region()).isEqualTo("eu-central-1");
        assertThat(sources.child("orders_db").key()).isEqualTo("rehearsal.sources.orders_db");
        assertThat(p.sources().get("prod").toString()).doesNotContain("eu-west-1");
    }

    @Test
    void environmentVariablesOverrideAnEnginesKeysAsBefore() {
        yaml.put("rehearsal.sources.orders-db.username", "from-yaml");
        environment.put("REHEARSAL_SOURCES_ORDERSDB_USERNAME", "from-env");
        environment.put("REHEARSAL_SANDBOX_POSTGRES_JDBCURL", "jdbc:postgresql://sandbox/db");
        ConfigSection rehearsal = BinderSection.of(binder());

        assertThat(rehearsal.child("sources").child("orders-db").bind(Endpoint.class).username()).isEqualTo("from-env");
        assertThat(rehearsal.child("sandbox").isPresent()).isTrue();
        assertThat(rehearsal.child("sandbox").child("postgres").bind(Endpoint.class).jdbcUrl())
                .isEqualTo("jdbc:postgresql://sandbox/db");
    }

    @Test
    void anAbsentSectionIsNotPresentAndBindsToNulls() {
        ConfigSection sandbox = BinderSection.of(binder()).child("sandbox");

        assertThat(sandbox.isPresent()).isFalse();
        assertThat(sandbox.bind(Endpoint.class)).isEqualTo(new Endpoint(null, null, null, null, null));
    }

    @Test
    void aValueThatCannotBeReadIsNamedByItsKeyWithoutTheValue() {
        yaml.put("rehearsal.sources.orders_db.connections", "secret-in-the-wrong-place");
        ConfigSection source = BinderSection.of(binder()).child("sources").child("orders_db");

        assertThatThrownBy(() -> source.bind(Endpoint.class)).isInstanceOf(ConfigSection.InvalidValueException.class)
                .hasMessage("rehearsal.sources.orders_db.connections: cannot be read as Integer")
                .message().doesNotContain("secret");
    }

    private Binder binder() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("yaml", yaml));
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                environment));
        return new Binder(ConfigurationPropertySources.from(sources));
    }
}
