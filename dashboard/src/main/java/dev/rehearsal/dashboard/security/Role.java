package dev.rehearsal.dashboard.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The three roles, each holding the rights of the ones before it. */
public enum Role {
    /** Reads tables, backups, drills, restores and reports. */
    VIEWER,
    /** Also triggers backups, drills and restores into a sandbox, and cancels restores. */
    OPERATOR,
    /** Also restores into a new table outside the sandbox, and reads the audit log. */
    ADMIN;

    /** The authorities of this role and of every role below it, e.g. ROLE_ADMIN, ROLE_OPERATOR, ROLE_VIEWER. */
    public List<GrantedAuthority> authorities() {
        return java.util.Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal())
                .map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (Role r : values()) {
            if (r.label().equalsIgnoreCase(s.trim())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The highest role among granted authorities, if any. */
    public static Optional<Role> highest(java.util.Collection<? extends GrantedAuthority> authorities) {
        Role best = null;
        for (GrantedAuthority a : authorities) {
            for (Role r : values()) {
                if (a.getAuthority().equals("ROLE_" + r.name()) && (best == null || r.ordinal() > best.ordinal())) {
                    best = r;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
