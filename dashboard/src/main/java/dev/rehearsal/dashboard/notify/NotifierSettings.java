package dev.rehearsal.dashboard.notify;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One receiver of a plan's status updates, bound from {@code rehearsal.plans.<plan>.notifiers.<name>}.
 * The settings are checked by {@link #problems} before any run; the notifiers assume they passed.
 *
 * @param type         {@code webhook} (signed JSON, docs/NOTIFICATIONS.md), {@code slack} (an
 *                     incoming-webhook message) or {@code statuspage} (an incident per run)
 * @param url          where to send: the webhook's or Slack's URL, or Statuspage's API root
 *                     ({@code https://api.statuspage.io})
 * @param secret       webhook only: the shared secret of the HMAC-SHA256 signature
 * @param apiKey       statuspage only: the API key, sent as {@code Authorization: OAuth <key>}
 * @param pageId       statuspage only: the page the incidents are opened on
 * @param componentIds statuspage only: the components the incident marks as down, then operational
 * @param timeout      how long one attempt may take, connection to response (default 5 s)
 * @param maxAttempts  attempts per update, the first included, before it is given up (default 5)
 * @param interval     while a run goes on, an update at least this often (default 15 min)
 * @param etaChange    also an update when the plan's expected end moves by more than this share of
 *                     the time the last update said was left (default 0.2)
 * @param drills       also send the updates of plan drills (default false: incidents only)
 */
public record NotifierSettings(
        String type,
        URI url,
        String secret,
        String apiKey,
        String pageId,
        List<String> componentIds,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("15m") Duration interval,
        @DefaultValue("0.2") double etaChange,
        @DefaultValue("false") boolean drills) {

    /** The types there are, as {@code type} spells them. */
    public static final List<String> TYPES = List.of("webhook", "slack", "statuspage");

    public NotifierSettings {
        componentIds = componentIds == null ? List.of() : List.copyOf(componentIds);
    }

    /**
     * What is wrong with the receiver configured under {@code key}, one line per problem, each
     * starting with the full key of the value at fault; none for null.
     */
    public static List<String> problems(String key, NotifierSettings s) {
        if (s == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        String type = s.type() == null ? null : s.type().toLowerCase(Locale.ROOT);
        if (type == null || type.isBlank()) {
            problems.add(key + ".type: must be set; use " + String.join(", ", TYPES));
        } else if (!TYPES.contains(type)) {
            problems.add(key + ".type: unknown type '" + s.type() + "'; use " + String.join(", ", TYPES));
        }
        if (s.url() == null) {
            problems.add(key + ".url: must be set");
        } else if (!isHttp(s.url())) {
            problems.add(key + ".url: must be an http or https URL");
        }
        if ("webhook".equals(type) && blank(s.secret())) {
            problems.add(key + ".secret: must be set for a webhook (receivers check the signature with it)");
        }
        if ("statuspage".equals(type) && blank(s.apiKey())) {
            problems.add(key + ".api-key: must be set for statuspage");
        }
        if ("statuspage".equals(type) && blank(s.pageId())) {
            problems.add(key + ".page-id: must be set for statuspage");
        }
        if ("statuspage".equals(type) && s.componentIds().stream().anyMatch(NotifierSettings::blank)) {
            problems.add(key + ".component-ids: must not hold an empty id");
        }
        if (s.timeout() == null || s.timeout().isNegative() || s.timeout().isZero()) {
            problems.add(key + ".timeout: must be positive");
        }
        if (s.interval() == null || s.interval().isNegative() || s.interval().isZero()) {
            problems.add(key + ".interval: must be positive");
        }
        if (!(s.etaChange() > 0 && s.etaChange() <= 10)) {
            problems.add(key + ".eta-change: must be more than 0 and at most 10 (a share: 0.2 is 20 %), not " + s.etaChange());
        }
        if (s.maxAttempts() < 1 || s.maxAttempts() > 20) {
            problems.add(key + ".max-attempts: must be from 1 to 20, not " + s.maxAttempts());
        }
        return List.copyOf(problems);
    }

    private static boolean isHttp(URI url) {
        String scheme = url.getScheme();
        return url.isAbsolute() && url.getHost() != null
                && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The host (and port) for errors and logs: the path of a Slack URL is a secret too. */
    String host() {
        if (url == null || url.getHost() == null) {
            return "?";
        }
        return url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }

    /** Without the secret, the API key, or the URL's path and query (Slack's URL holds its token). */
    @Override
    public String toString() {
        return "NotifierSettings[type=" + type + ", host=" + host() + ", secret=" + (secret == null ? "unset" : "***")
                + ", apiKey=" + (apiKey == null ? "unset" : "***") + ", pageId=" + pageId + ", componentIds="
                + componentIds + ", timeout=" + timeout + ", maxAttempts=" + maxAttempts + ", interval=" + interval
                + ", etaChange=" + etaChange + ", drills=" + drills + "]";
    }
}
