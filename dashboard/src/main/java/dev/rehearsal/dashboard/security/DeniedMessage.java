package dev.rehearsal.dashboard.security;

import jakarta.servlet.http.HttpServletRequest;

/** The sentence the dashboard's 403 page shows: what role the refused request needed, and who asked. */
public final class DeniedMessage {

    private static final String ATTRIBUTE = DeniedMessage.class.getName();

    private DeniedMessage() {
    }

    static void set(HttpServletRequest request, String message) {
        request.setAttribute(ATTRIBUTE, message);
    }

    /** The message for a request the dashboard chain refused, or null. */
    public static String of(HttpServletRequest request) {
        Object m = request.getAttribute(ATTRIBUTE);
        return m == null ? null : m.toString();
    }
}
