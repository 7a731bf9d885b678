package dev.rehearsal.dashboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Settings bound from flat kebab-case keys, as the daemon binds them, and each bad value reported
 * on a line of its own that starts with the full key to fix.
 */
class NotifierSettingsTest {

    private static final String KEY = "rehearsal.plans.incident.notifiers.hooks";

    @Test
    void unsetValuesTakeTheirDefaults() {
        NotifierSettings s = bind(webhook());

        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.maxAttempts()).isEqualTo(5);
        assertThat(s.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.etaChange()).isEqualTo(0.2);
        assertThat(s.drills()).isFalse();
        assertThat(s.componentIds()).isEmpty();
    }

    @Test
    void kebabCaseKeysBind() {
        Map<String, String> c = statuspage();
        c.put(KEY + ".max-attempts", "3");
        c.put(KEY + ".eta-change", "0.5");
        c.put(KEY + ".drills", "true");
        NotifierSettings s = bind(c);

        assertThat(s.apiKey()).isEqualTo("sp-key");
        assertThat(s.pageId()).isEqualTo("page-1");
        assertThat(s.componentIds()).containsExactly("c-api", "c-web");
        assertThat(s.maxAttempts()).isEqualTo(3);
        assertThat(s.etaChange()).isEqualTo(0.5);
        assertThat(s.drills()).isTrue();
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("webhook", webhook()),
                Arguments.of("slack", slack()),
                Arguments.of("statuspage", statuspage()),
                Arguments.of("type in capitals", with(webhook(), "type", "Webhook")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validSettingsHaveNoProblems(String name, Map<String, String> config) {
        assertThat(NotifierSettings.problems(KEY, bind(config))).isEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("unknown type", with(webhook(), "type", "email"),
                        KEY + ".type: unknown type 'email'; use webhook, slack, statuspage"),
                bad("no type", without(slack(), "type"),
                        KEY + ".type: must be set; use webhook, slack, statuspage"),
                bad("no url", without(slack(), "url"),
                        KEY + ".url: must be set"),
                bad("an ftp url", with(slack(), "url", "ftp://files.example.com/hook"),
                        KEY + ".url: must be an http or https URL"),
                bad("a url without scheme", with(slack(), "url", "hooks.example.com/rehearsal"),
                        KEY + ".url: must be an http or https URL"),
                bad("webhook without secret", without(webhook(), "secret"),
                        KEY + ".secret: must be set for a webhook (receivers check the signature with it)"),
                bad("webhook with a blank secret", with(webhook(), "secret", " "),
                        KEY + ".secret: must be set for a webhook (receivers check the signature with it)"),
                bad("statuspage without api key", without(statuspage(), "api-key"),
                        KEY + ".api-key: must be set for statuspage"),
                bad("statuspage without page id", without(statuspage(), "page-id"),
                        KEY + ".page-id: must be set for statuspage"),
                bad("zero timeout", with(slack(), "timeout", "0s"),
                        KEY + ".timeout: must be positive"),
                bad("negative timeout", with(slack(), "timeout", "-1s"),
                        KEY + ".timeout: must be positive"),
                bad("zero interval", with(slack(), "interval", "0m"),
                        KEY + ".interval: must be positive"),
                bad("negative interval", with(slack(), "interval", "-5m"),
                        KEY + ".interval: must be positive"),
                bad("eta-change of zero", with(slack(), "eta-change", "0"),
                        KEY + ".eta-change: must be more than 0 and at most 10 (a share: 0.2 is 20 %), not 0.0"),
                bad("negative eta-change", with(slack(), "eta-change", "-0.2"),
                        KEY + ".eta-change: must be more than 0 and at most 10 (a share: 0.2 is 20 %), not -0.2"),
                bad("eta-change above 10", with(slack(), "eta-change", "10.5"),
                        KEY + ".eta-change: must be more than 0 and at most 10 (a share: 0.2 is 20 %), not 10.5"),
                bad("max-attempts of zero", with(slack(), "max-attempts", "0"),
                        KEY + ".max-attempts: must be from 1 to 20, not 0"),
                bad("max-attempts above 20", with(slack(), "max-attempts", "21"),
                        KEY + ".max-attempts: must be from 1 to 20, not 21"),
                bad("several problems at once", with(without(without(statuspage(), "api-key"), "page-id"), "timeout", "0s"),
                        KEY + ".api-key: must be set for statuspage",
                        KEY + ".page-id: must be set for statuspage",
                        KEY + ".timeout: must be positive"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void eachProblemIsOneLineStartingWithItsKey(String name, Map<String, String> config, List<String> expected) {
        assertThat(NotifierSettings.problems(KEY, bind(config))).containsExactlyElementsOf(expected);
    }

    @Test
    void boundaryValuesAreAccepted() {
        Map<String, String> c = slack();
        c.put(KEY + ".eta-change", "10");
        c.put(KEY + ".max-attempts", "20");
        assertThat(NotifierSettings.problems(KEY, bind(c))).isEmpty();
        c.put(KEY + ".max-attempts", "1");
        assertThat(NotifierSettings.problems(KEY, bind(c))).isEmpty();
    }

    @Test
    void theTextOfTheSettingsHoldsNoSecret() {
        Map<String, String> c = statuspage();
        c.put(KEY + ".secret", "hmac-secret");
        c.put(KEY + ".url", "https://hooks.slack.com/services/T000/B000/XXXXTOKEN");

        assertThat(bind(c).toString()).contains("hooks.slack.com")
                .doesNotContain("sp-key", "hmac-secret", "XXXXTOKEN", "/services");
    }

    private static Arguments bad(String name, Map<String, String> config, String... expected) {
        return Arguments.of(name, config, List.of(expected));
    }

    private static NotifierSettings bind(Map<String, String> config) {
        return new Binder(new MapConfigurationPropertySource(config)).bind(KEY, NotifierSettings.class).get();
    }

    private static Map<String, String> webhook() {
        return config("type", "webhook", "url", "https://hooks.example.com/rehearsal", "secret", "s3cret");
    }

    private static Map<String, String> slack() {
        return config("type", "slack", "url", "https://hooks.slack.com/services/T000/B000/XXXX");
    }

    private static Map<String, String> statuspage() {
        return config("type", "statuspage", "url", "https://api.statuspage.io", "api-key", "sp-key",
                "page-id", "page-1", "component-ids[0]", "c-api", "component-ids[1]", "c-web");
    }

    private static Map<String, String> config(String... keysAndValues) {
        Map<String, String> c = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            c.put(KEY + "." + keysAndValues[i], keysAndValues[i + 1]);
        }
        return c;
    }

    private static Map<String, String> with(Map<String, String> c, String key, String value) {
        c.put(KEY + "." + key, value);
        return c;
    }

    private static Map<String, String> without(Map<String, String> c, String key) {
        c.remove(KEY + "." + key);
        return c;
    }
}
