package dev.rehearsal.dashboard.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Signs a person into the dashboard with an API token given as the login form's password. The
 * session then holds the token's name and role, never the token itself.
 */
final class TokenLoginProvider implements AuthenticationProvider {

    private final ApiTokens tokens;

    TokenLoginProvider(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Object presented = authentication.getCredentials();
        String token = presented == null ? "" : presented.toString().strip();
        ApiTokens.Holder holder = tokens.holder(token).orElseThrow(() -> new BadCredentialsException(token.isEmpty()
                ? "no token was given" : "the token is not one of the configured API tokens"));
        return UsernamePasswordAuthenticationToken.authenticated(holder.name(), null, holder.role().authorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
