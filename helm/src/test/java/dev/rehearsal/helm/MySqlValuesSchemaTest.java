package dev.rehearsal.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's schema and a {@code kind: mysql} source: the source and {@code rehearsal.sandbox.mysql}
 * render into the daemon's configuration, and what the schema can tell alone about the sandbox's keys
 * is refused by Helm, naming the key. The rest is the engine's to check when the daemon starts
 * (RenderedConfigTest runs that check on ci/mysql-values.yaml).
 */
class MySqlValuesSchemaTest {

    @Test
    void aMySqlSourceAndItsSandboxRender() {
        RenderedChart chart = RenderedChart.render(List.of("mysql-values.yaml"),
                Map.of("rehearsal.sources.shop-db.readers", 8, "rehearsal.sources.shop-db.global-read-lock",
                        "or-single-reader"));

        assertThat(chart.applicationYaml()).contains("kind: mysql", "jdbc-url: jdbc:mariadb://shop-db.databases:3306/",
                "readers: 8", "global-read-lock: or-single-reader", "mysql:", "load-connections: 4");
    }

    static Stream<Arguments> valuesTheSchemaRejects() {
        return Stream.of(
                Arguments.of("a sandbox that loads on no connection", "rehearsal.sandbox.mysql.load-connections", 0,
                        "load-connections"),
                Arguments.of("a sandbox URL of another engine", "rehearsal.sandbox.mysql.jdbc-url",
                        "jdbc:postgresql://db:5432/sandbox", "jdbc-url"),
                Arguments.of("a sandbox prefix MySQL database names would not keep", "rehearsal.sandbox.mysql.prefix",
                        "Sandbox-", "prefix"),
                Arguments.of("an unknown global-read-lock", "rehearsal.sources.shop-db.global-read-lock", "sometimes",
                        "global-read-lock"),
                Arguments.of("a source read by no connection", "rehearsal.sources.shop-db.readers", 0, "readers"),
                Arguments.of("a misspelt sandbox key", "rehearsal.sandbox.mysql.jdbc_url", "jdbc:mariadb://db:3306/",
                        "jdbc_url"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void valuesTheSchemaRejects(String name, String key, Object value, String named) {
        assertThatThrownBy(() -> RenderedChart.render(List.of("mysql-values.yaml"), Map.of(key, value)))
                .hasMessageContaining("schema")
                .hasMessageContaining(named);
    }
}
