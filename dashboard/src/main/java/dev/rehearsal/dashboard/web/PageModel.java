package dev.rehearsal.dashboard.web;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every dashboard page's layout needs: who is signed in, and the navigation other modules add. */
@ControllerAdvice(basePackageClasses = PageModel.class)
class PageModel {

    private final ObjectProvider<NavLink> links;

    PageModel(ObjectProvider<NavLink> links) {
        this.links = links;
    }

    @ModelAttribute("navLinks")
    List<NavLink> navLinks() {
        return links.orderedStream().toList();
    }

    @ModelAttribute("me")
    Viewer me(Authentication who) {
        return Viewer.of(who);
    }
}
