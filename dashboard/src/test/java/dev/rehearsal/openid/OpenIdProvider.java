package dev.rehearsal.openid;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A real OpenID provider for tests: Spring Authorization Server on a port of its own, with its
 * own login form, one confidential client that must use PKCE, and users whose groups go into the
 * ID token's {@code groups} claim. It has no Spring Boot auto-configuration, so it shares nothing
 * with the daemon under test but the JVM. (Its package is outside {@code dev.rehearsal.dashboard} so
 * that the daemon's component scan does not take its configuration for the daemon's own.)
 *
 * <p>Serve it on a host name other than the daemon's ({@code localhost} against the daemon's
 * {@code 127.0.0.1}): cookies do not tell ports apart, and the two sessions would overwrite each other.
 */
public final class OpenIdProvider implements AutoCloseable {

    public static final String CLIENT_ID = "rehearsal-dashboard";
    public static final String CLIENT_SECRET = "dashboard-" + UUID.randomUUID();

    private final AnnotationConfigServletWebServerApplicationContext context;

    private OpenIdProvider(AnnotationConfigServletWebServerApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts the provider.
     *
     * @param users     user name to the groups the provider gives them (every password is the user name reversed)
     * @param dashboard the daemon's base URL, read at each authorization request: the daemon starts after the provider
     */
    public static OpenIdProvider start(Map<String, List<String>> users, Supplier<String> dashboard) {
        AnnotationConfigServletWebServerApplicationContext context = new AnnotationConfigServletWebServerApplicationContext();
        List<UserDetails> accounts = users.entrySet().stream().map(u -> User.withUsername(u.getKey())
                .password("{noop}" + password(u.getKey())).authorities(u.getValue().toArray(String[]::new)).build()).toList();
        context.registerBean("users", UserDetailsService.class, () -> new InMemoryUserDetailsManager(accounts));
        context.registerBean("clients", RegisteredClientRepository.class, () -> new OneClient(dashboard));
        context.register(Provider.class);
        context.refresh();
        return new OpenIdProvider(context);
    }

    public static String password(String user) {
        return new StringBuilder(user).reverse().toString();
    }

    /** The issuer, as the provider names itself in its tokens and discovery document. */
    public String issuer() {
        return "http://localhost:" + context.getWebServer().getPort();
    }

    @Override
    public void close() {
        context.close();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class Provider {

        private final KeyPair keys = rsa();

        @Bean
        TomcatServletWebServerFactory webServer() {
            return new TomcatServletWebServerFactory(0);
        }

        /** Every request the security filters do not answer; without a servlet Tomcat would not run them at all. */
        @Bean
        ServletRegistrationBean<HttpServlet> nothingElse() {
            return new ServletRegistrationBean<>(new HttpServlet() {
                @Override
                protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    response.sendError(404);
                }
            }, "/");
        }

        @Bean
        SecurityFilterChain provider(HttpSecurity http) throws Exception {
            http.oauth2AuthorizationServer(as -> as.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    // The user info endpoint takes the access token.
                    .oauth2ResourceServer(r -> r.jwt(Customizer.withDefaults()));
            return http.build();
        }

        /** No issuer set: the provider names itself after the host and port it is asked on. */
        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }

        @Bean
        JWKSource<SecurityContext> signingKey() {
            RSAKey key = new RSAKey.Builder((RSAPublicKey) keys.getPublic()).privateKey((RSAPrivateKey) keys.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        JwtDecoder accessTokens() {
            return NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
        }

        /** The user's groups in the ID token, as providers put group membership into a claim. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> groups() {
            return context -> {
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    context.getClaims().claim("groups", context.getPrincipal().getAuthorities().stream()
                            .map(GrantedAuthority::getAuthority).toList());
                }
            };
        }

        private static KeyPair rsa() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                return g.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The dashboard's client, its redirect URIs those of wherever the daemon listens now. */
    private record OneClient(Supplier<String> dashboard) implements RegisteredClientRepository {

        /** Only ever the client re-encoding its own secret after a sign-in; the client is built anew each time. */
        @Override
        public void save(RegisteredClient client) {
        }

        @Override
        public RegisteredClient findById(String id) {
            return CLIENT_ID.equals(id) ? client() : null;
        }

        @Override
        public RegisteredClient findByClientId(String clientId) {
            return CLIENT_ID.equals(clientId) ? client() : null;
        }

        private RegisteredClient client() {
            return RegisteredClient.withId(CLIENT_ID).clientId(CLIENT_ID).clientSecret("{noop}" + CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri(dashboard.get() + "/login/oauth2/code/oidc")
                    .postLogoutRedirectUri(dashboard.get() + "/login?logout")
                    .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                    .build();
        }
    }
}
