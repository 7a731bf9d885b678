package dev.rehearsal.demo;

import dev.rehearsal.dashboard.web.NavLink;
import dev.rehearsal.dashboard.web.Viewer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /demo/updates}: what the demo's webhook receiver took, in the dashboard's layout (viewer and up). */
@Controller
class DemoUpdatesPage {

    static final String PATH = "/demo/updates";

    private final ReceivedUpdates received;
    private final ObjectProvider<NavLink> links;

    DemoUpdatesPage(ReceivedUpdates received, ObjectProvider<NavLink> links) {
        this.received = received;
        this.links = links;
    }

    @GetMapping(PATH)
    String updates(Authentication who, Model model) {
        // The dashboard's own pages get these from its controller advice, which stays in its package.
        model.addAttribute("me", Viewer.of(who));
        model.addAttribute("navLinks", links.orderedStream().toList());
        model.addAttribute("updates", received.newestFirst());
        model.addAttribute("kept", ReceivedUpdates.KEPT);
        return "demo-updates";
    }
}
