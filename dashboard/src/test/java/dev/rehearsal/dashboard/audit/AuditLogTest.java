package dev.rehearsal.dashboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.testing.PostgresExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The audit log on both catalogs, migrated by the daemon's own Flyway scripts: no value can make an
 * insert fail, whatever its length or characters; an accepted entry gets its outcome once; and
 * anonymous refusals are recorded up to their limit a minute, the rest counted.
 */
class AuditLogTest {

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    static Stream<Arguments> catalogs() {
        return Stream.of(Arguments.of("H2", migrated(new DriverManagerDataSource("jdbc:h2:mem:audit-"
                        + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""))),
                Arguments.of("PostgreSQL", migrated(new DriverManagerDataSource(postgres.url(), postgres.user(),
                        postgres.password()))));
    }

    private static JdbcTemplate migrated(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(ds);
    }

    /** Values that once made the insert fail after the request had been handled. */
    static List<String[]> hostile() {
        return List.of(
                new String[] {"a long ASCII target", "t".repeat(10_000)},
                new String[] {"4-byte characters across the cut", "🦆".repeat(600)},
                new String[] {"NUL, which PostgreSQL refuses in text", "before\u0000after"},
                new String[] {"other control characters", "a\nb\rc\td\u007fe\u001bf"},
                new String[] {"a lone surrogate", "x\ud800y"},
                new String[] {"right-to-left override", "\u202etxt.exe"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogs")
    void noValueMakesAnInsertFailAndLongOnesAreCutWithTheirFullLength(String catalog, JdbcTemplate jdbc) {
        AuditLog log = new AuditLog(jdbc);
        for (String[] c : hostile()) {
            String requestId = "r-" + UUID.randomUUID();
            log.record(c[1], "viewer", c[1], c[1], c[1], requestId, c[1]);
            var row = jdbc.queryForMap("SELECT actor, action, target, outcome, detail FROM rehearsal_audit WHERE"
                    + " request_id = ?", requestId);
            int[] widths = {AuditLog.ACTOR, AuditLog.ACTION, AuditLog.TARGET, AuditLog.OUTCOME, AuditLog.DETAIL};
            int i = 0;
            for (Object value : row.values()) {
                String s = (String) value;
                assertThat(s.length()).as(catalog + ", " + c[0]).isLessThanOrEqualTo(widths[i++]);
                assertThat(s).as(catalog + ", " + c[0]).doesNotContain("\u0000", "\n", "\u007f", "\ud800");
                assertThat(s.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
            }
        }
        String requestId = "r-" + UUID.randomUUID();
        log.record("ci", "admin", "restore.start", "t".repeat(10_000), "202", requestId, null);
        assertThat(jdbc.queryForObject("SELECT target FROM rehearsal_audit WHERE request_id = ?", String.class, requestId))
                .hasSize(AuditLog.TARGET).startsWith("tttt").endsWith("…[cut, 10000 chars]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogs")
    void anAcceptedEntryGetsItsOutcomeOnceAndKeepsIt(String catalog, JdbcTemplate jdbc) {
        AuditLog log = new AuditLog(jdbc);
        AuditLog.Accepted entry = log.accept("ci", "operator", "restore.start", "local/orders", "r-accept", null);
        assertThat(jdbc.queryForObject("SELECT outcome FROM rehearsal_audit WHERE id = ?", String.class, entry.id()))
                .isEqualTo(AuditLog.ACCEPTED);
        log.finish(entry, "202");
        log.finish(entry, "500");
        assertThat(jdbc.queryForList("SELECT outcome FROM rehearsal_audit WHERE request_id = 'r-accept'", String.class))
                .containsExactly("202");
    }

    @Test
    void fitEscapesControlCharactersAndCutsAtACharacterBoundary() {
        assertThat(AuditLog.fit("a\u0000b", 64)).isEqualTo("a\\u0000b");
        assertThat(AuditLog.fit("short", 64)).isEqualTo("short");
        assertThat(AuditLog.fit(null, 64)).isNull();
        String cut = AuditLog.fit("🦆".repeat(100), 64);
        assertThat(cut).endsWith("…[cut, 200 chars]").hasSizeLessThanOrEqualTo(64);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.indexOf('…') - 1))).as("no half character").isFalse();
    }

    @Test
    void anonymousRefusalsAreRecordedUpToTheirLimitAMinuteAndTheRestCounted() {
        JdbcTemplate jdbc = migrated(new DriverManagerDataSource("jdbc:h2:mem:refusals-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", "sa", ""));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:05Z"));
        UnauthenticatedAudit refusals = new UnauthenticatedAudit(new AuditLog(jdbc), 5, clock);
        for (int i = 0; i < 12; i++) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/tables");
            refusals.refused(request, "GET /api/v1/tables", "/api/v1/tables", "no bearer token");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rehearsal_audit", Long.class)).as("5 a minute").isEqualTo(5);
        clock.now = Instant.parse("2026-12-01T10:01:01Z");
        refusals.refused(new MockHttpServletRequest("GET", "/x"), "GET /x", "/x", "no bearer token");
        assertThat(jdbc.queryForObject("SELECT detail FROM rehearsal_audit ORDER BY id DESC LIMIT 1", String.class))
                .isEqualTo("no bearer token; 7 more anonymous refusals were not recorded one by one"
                        + " (rehearsal.security.unauthenticated-audit-per-minute is 5)");
        refusals.refused(new MockHttpServletRequest("GET", "/x"), "GET /x", "/x", "no bearer token");
        assertThat(jdbc.queryForObject("SELECT detail FROM rehearsal_audit ORDER BY id DESC LIMIT 1", String.class))
                .as("the count is given once").isEqualTo("no bearer token");
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
