package dev.rehearsal.dashboard.web;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every dashboard page's layout needs: who is signed in. */
@ControllerAdvice(basePackageClasses = PageModel.class)
class PageModel {

    @ModelAttribute("me")
    Viewer me(Authentication who) {
        return Viewer.of(who);
    }
}
