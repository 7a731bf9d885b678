package dev.rehearsal.dashboard.security;

import dev.rehearsal.dashboard.config.RehearsalProperties;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;

/**
 * Single sign-on for the dashboard through the OpenID provider of {@code rehearsal.security.oidc}:
 * the authorization code flow with PKCE, the person's role read from the same claim, with the same
 * mapping, as the API reads a JWT's, and sign-out that also ends the provider's session when the
 * provider offers RP-initiated logout ({@code end_session_endpoint}).
 *
 * <p>The provider's endpoints come from its discovery document, read at the first sign-in rather
 * than at start-up, as the API's JWT keys are: a provider that is down when the daemon starts
 * must not stop backups and drills, and until it is up the token login still works.
 */
final class OidcSignIn {

    /** The registration's id, in {@code /oauth2/authorization/oidc} and {@code /login/oauth2/code/oidc}. */
    static final String REGISTRATION = "oidc";

    private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);

    private final RehearsalProperties.Oidc oidc;
    private final JwtRoles roles;
    private final Discovered registrations = new Discovered();

    OidcSignIn(RehearsalProperties.Oidc oidc) {
        this.oidc = oidc;
        this.roles = new JwtRoles(oidc);
    }

    /**
     * Adds the sign-in to the dashboard's chain; the success handler is the token login's, so both
     * sign-ins are audited alike. The chain's authentication manager must include {@link #authentication()}.
     */
    void applyTo(HttpSecurity http, AuthenticationSuccessHandler signedIn, AuthenticationFailureHandler refused) {
        http.oauth2Login(o -> o.loginPage("/login")
                .clientRegistrationRepository(registrations)
                // Tokens live and die with the session, never in a map that outlives it.
                .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                .successHandler(signedIn)
                .failureHandler(refused));
    }

    /**
     * Exchanges the code (with the PKCE verifier), checks the ID token and reads the user info,
     * then grants the role the claims map to. The dashboard's chain names its authentication
     * manager, so the provider that oauth2Login would add on its own never takes part.
     */
    AuthenticationProvider authentication() {
        OidcAuthorizationCodeAuthenticationProvider provider = new OidcAuthorizationCodeAuthenticationProvider(
                new RestClientAuthorizationCodeTokenResponseClient(), new OidcUserService());
        provider.setAuthoritiesMapper(this::authorities);
        return provider;
    }

    /** Back to the login page; through the provider's end-session endpoint first for a person it signed in. */
    LogoutSuccessHandler logoutSuccess() {
        OidcClientInitiatedLogoutSuccessHandler out = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        out.setPostLogoutRedirectUri("{baseUrl}/login?logout");
        out.setDefaultTargetUrl("/login?logout");
        return out;
    }

    /**
     * The provider's origin, for the dashboard's {@code form-action}: the sign-out form's redirect to
     * the provider's end-session endpoint is a form navigation that browsers hold to it.
     */
    String providerOrigin() {
        java.net.URI issuer = java.net.URI.create(oidc.issuerUri());
        return issuer.getScheme() + "://" + issuer.getRawAuthority();
    }

    /** Only the role the claims name: the OIDC_USER and SCOPE_ authorities grant nothing here. */
    private Collection<GrantedAuthority> authorities(Collection<? extends GrantedAuthority> granted) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (GrantedAuthority a : granted) {
            if (a instanceof OidcUserAuthority user) {
                claims.putAll(user.getAttributes());
            }
        }
        return roles.authorities(claims);
    }

    private ClientRegistration discover() {
        try {
            ClientRegistration.Builder client = ClientRegistrations.fromOidcIssuerLocation(oidc.issuerUri())
                    .registrationId(REGISTRATION)
                    .clientId(oidc.clientId())
                    .scope(oidc.scopes())
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build());
            if (oidc.clientSecret() == null || oidc.clientSecret().isEmpty()) {
                client.clientSecret(null).clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
            } else {
                client.clientSecret(oidc.clientSecret());
            }
            return client.build();
        } catch (RuntimeException e) {
            String message = "rehearsal.security.oidc.issuer-uri: the provider's discovery document could not be read"
                    + " from '" + oidc.issuerUri() + "', so nobody can sign in through it yet: " + e.getMessage();
            log.error(message);
            throw new IllegalStateException(message, e);
        }
    }

    /** The one registration, discovered once it is first needed and kept; a failed discovery is tried again. */
    private final class Discovered implements ClientRegistrationRepository {

        private volatile ClientRegistration registration;

        @Override
        public ClientRegistration findByRegistrationId(String id) {
            if (!REGISTRATION.equals(id)) {
                return null;
            }
            ClientRegistration found = registration;
            if (found == null) {
                synchronized (this) {
                    if (registration == null) {
                        registration = discover();
                    }
                    found = registration;
                }
            }
            return found;
        }
    }
}
