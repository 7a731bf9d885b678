package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.security.ApiTokens;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /login}: the form; the security chain handles what it posts and {@code /logout}. */
@Controller
class LoginController {

    private final ApiTokens tokens;
    private final boolean singleSignOn;

    LoginController(ApiTokens tokens, RehearsalProperties config) {
        this.tokens = tokens;
        this.singleSignOn = config.security().oidc() != null && config.security().oidc().signIn();
    }

    @GetMapping("/login")
    String login(Authentication who, Model model) {
        if (Viewer.of(who).signedIn()) {
            return "redirect:/";
        }
        model.addAttribute("noTokens", tokens.isEmpty() && !singleSignOn);
        model.addAttribute("singleSignOn", singleSignOn);
        return "login";
    }
}
