package dev.rehearsal.dashboard.web;

/**
 * A page another module adds to the dashboard's navigation, as a bean: the demo adds the page of
 * its webhook receiver. The page must be under the dashboard's security chain (viewer and up see
 * the link); the dashboard knows nothing more of it.
 *
 * @param label the link's text
 * @param path  the page's path in this application, starting with {@code /}
 */
public record NavLink(String label, String path) {

    public NavLink {
        if (path == null || !path.startsWith("/") || path.startsWith("//")) {
            throw new IllegalArgumentException("a navigation link's path must start with a single '/': " + path);
        }
    }
}
