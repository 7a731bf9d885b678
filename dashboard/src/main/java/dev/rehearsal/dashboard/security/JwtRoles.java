package dev.rehearsal.dashboard.security;

import dev.rehearsal.dashboard.config.RehearsalProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads the roles claim of a JWT, or of a person signed in through the provider (a list or a
 * space-separated string, at a dotted path for nested claims) and grants the highest role it
 * names. A token naming none of the roles is authenticated but may do nothing.
 */
final class JwtRoles implements Converter<Jwt, Collection<GrantedAuthority>> {

    private final String[] path;
    private final Map<String, String> mapping;

    JwtRoles(RehearsalProperties.Oidc oidc) {
        this.path = oidc.rolesClaim().split("\\.");
        this.mapping = oidc.roleMapping();
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        return authorities(jwt.getClaims());
    }

    /** The same for any set of claims: a signed-in person's, from the ID token and the user info. */
    Collection<GrantedAuthority> authorities(Map<String, Object> claims) {
        Role best = null;
        for (String value : values(claims)) {
            Optional<Role> role = Role.parse(mapping.getOrDefault(value, value));
            if (role.isPresent() && (best == null || role.get().ordinal() > best.ordinal())) {
                best = role.get();
            }
        }
        return best == null ? List.of() : best.authorities();
    }

    private List<String> values(Map<String, Object> claims) {
        Object node = claims;
        for (String p : path) {
            if (!(node instanceof Map<?, ?> m)) {
                return List.of();
            }
            node = m.get(p);
        }
        List<String> out = new ArrayList<>();
        if (node instanceof Collection<?> c) {
            c.forEach(v -> out.add(String.valueOf(v)));
        } else if (node instanceof String s) {
            out.addAll(List.of(s.split(" ")));
        }
        return out;
    }
}
