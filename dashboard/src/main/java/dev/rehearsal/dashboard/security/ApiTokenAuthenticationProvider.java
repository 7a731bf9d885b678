package dev.rehearsal.dashboard.security;

import java.util.Optional;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates a bearer token that is one of the configured API tokens. A token that is not
 * one is passed on (null) to the next provider, the JWT one when OIDC is configured.
 */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

    private final ApiTokens tokens;

    ApiTokenAuthenticationProvider(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        Optional<ApiTokens.Holder> holder = tokens.holder(token);
        return holder.map(Authenticated::new).orElse(null);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** A caller who presented an API token; the credentials are not kept. */
    static final class Authenticated extends AbstractAuthenticationToken {

        private final ApiTokens.Holder holder;

        Authenticated(ApiTokens.Holder holder) {
            super(holder.role().authorities());
            this.holder = holder;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return holder.name();
        }

        @Override
        public String getName() {
            return holder.name();
        }
    }
}
