package org.iom.idm.ui;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

@WebUiPage
class SignInPage {

    private final WebUiSignIn signIn;

    SignInPage(WebUiSignIn signIn) {
        this.signIn = signIn;
    }

    /** The form carries the page to return to; so does the language switch, which leads to this page again. */
    @GetMapping(WebUiSecurityConfiguration.SIGN_IN)
    String signIn(@RequestParam(name = SignInReturn.PARAMETER, required = false) String next, Model model) {
        Optional<String> returnTo = SignInReturn.safe(next);
        model.addAttribute("next", returnTo.orElse(null));
        model.addAttribute("path", SignInReturn.signInAddress(null, returnTo));
        signIn.issuerStart().ifPresent(start -> model.addAttribute("issuerStart", start
                + returnTo.map(page -> "?" + SignInReturn.PARAMETER + "=" + URLEncoder.encode(page, StandardCharsets.UTF_8))
                .orElse("")));
        return "sign-in";
    }
}
