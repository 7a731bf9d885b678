package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.security.Role;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Who is looking at a page, for the header and for hiding controls their role may not use (the
 * security chain refuses those requests anyway).
 *
 * @param name the API token's name; null when nobody is signed in (the login and error pages)
 */
public record Viewer(String name, Role role) {

    static final Viewer NOBODY = new Viewer(null, null);

    /** Who is signed in; also for pages of other modules (the demo's), which the layout needs it for. */
    public static Viewer of(Authentication who) {
        if (who == null || !who.isAuthenticated() || who instanceof AnonymousAuthenticationToken) {
            return NOBODY;
        }
        return new Viewer(who.getName(), Role.highest(who.getAuthorities()).orElse(null));
    }

    public boolean signedIn() {
        return name != null;
    }

    public boolean canOperate() {
        return role != null && role.ordinal() >= Role.OPERATOR.ordinal();
    }

    /** Reads the audit log and the compliance export: an auditor or an admin. */
    public boolean canAudit() {
        return role == Role.AUDITOR || role == Role.ADMIN;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    public String roleLabel() {
        return role == null ? "no role" : role.label();
    }
}
