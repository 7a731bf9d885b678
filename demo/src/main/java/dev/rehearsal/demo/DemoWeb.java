package dev.rehearsal.demo;

import dev.rehearsal.dashboard.web.NavLink;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The demo's own web part, added to the daemon by {@link DemoApplication}: the webhook receiver of
 * the demo plan's status updates and the page that lists them, linked from the navigation.
 */
@Configuration(proxyBeanMethods = false)
@Import({DemoWebhook.class, DemoUpdatesPage.class})
class DemoWeb {

    @Bean
    ReceivedUpdates receivedUpdates() {
        return new ReceivedUpdates();
    }

    @Bean
    NavLink demoUpdatesLink() {
        return new NavLink("Demo updates", DemoUpdatesPage.PATH);
    }

    /**
     * The receiver takes no token (a webhook is authenticated by its signature, checked in
     * {@link DemoWebhook}), so it is its own chain, ahead of the daemon's: no session, no CSRF
     * token, and only callers on this machine, the daemon itself being the one sender.
     */
    @Bean
    @Order(0)
    SecurityFilterChain demoWebhookSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/demo/webhook")
                .csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/demo/webhook")
                        .access((who, context) -> new AuthorizationDecision(loopback(context.getRequest().getRemoteAddr())))
                        .anyRequest().denyAll());
        return http.build();
    }

    /** The remote address is an IP literal, so this looks nothing up. */
    static boolean loopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
