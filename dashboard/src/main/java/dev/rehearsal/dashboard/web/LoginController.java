package dev.rehearsal.dashboard.web;

import dev.rehearsal.dashboard.security.ApiTokens;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /login}: the form; the security chain handles what it posts and {@code /logout}. */
@Controller
class LoginController {

    private final ApiTokens tokens;

    LoginController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/login")
    String login(Authentication who, Model model) {
        if (Viewer.of(who).signedIn()) {
            return "redirect:/";
        }
        model.addAttribute("noTokens", tokens.isEmpty());
        return "login";
    }
}
