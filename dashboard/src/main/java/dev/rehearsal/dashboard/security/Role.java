package dev.rehearsal.dashboard.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The roles, in order of rank. Viewer, operator and admin each hold the rights of the ones before
 * them; the auditor stands aside: it reads everything a viewer does and what only an admin reads
 * (the audit log, the compliance export), and changes nothing. An admin holds the auditor's rights too.
 */
public enum Role {
    /** Reads tables, backups, drills, restores and reports. */
    VIEWER,
    /** Reads everything, the audit log and the compliance export too, and changes nothing. */
    AUDITOR,
    /** Also triggers backups, drills and restores into a sandbox, and cancels restores. */
    OPERATOR,
    /** Also restores into a new table outside the sandbox, and reads the audit log. */
    ADMIN;

    /**
     * The authorities this role holds: its own and those of the roles whose rights it includes, e.g.
     * ROLE_ADMIN, ROLE_OPERATOR, ROLE_AUDITOR, ROLE_VIEWER; an auditor's are ROLE_AUDITOR, ROLE_VIEWER
     * and an operator's ROLE_OPERATOR, ROLE_VIEWER.
     */
    public List<GrantedAuthority> authorities() {
        List<Role> held = switch (this) {
            case VIEWER -> List.of(VIEWER);
            case AUDITOR -> List.of(AUDITOR, VIEWER);
            case OPERATOR -> List.of(OPERATOR, VIEWER);
            case ADMIN -> List.of(ADMIN, OPERATOR, AUDITOR, VIEWER);
        };
        return held.stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
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
