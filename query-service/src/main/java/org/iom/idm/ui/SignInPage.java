package org.iom.idm.ui;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

@WebUiPage
class SignInPage {

    /** The parameter with the seconds that sign-ins are refused for, after too many failed ones. */
    static final String WAIT = "wait";
    private static final long LONGEST_WAIT = Duration.ofDays(1).toSeconds();
    private static final long MINUTE = Duration.ofMinutes(1).toSeconds();

    private final WebUiSignIn signIn;

    SignInPage(WebUiSignIn signIn) {
        this.signIn = signIn;
    }

    /** The form carries the page to return to; so does the language switch, which leads to this page again. */
    @GetMapping(WebUiSecurityConfiguration.SIGN_IN)
    String signIn(@RequestParam(name = SignInReturn.PARAMETER, required = false) String next,
                  @RequestParam(name = WAIT, required = false) String wait, Model model) {
        Optional<String> returnTo = SignInReturn.safe(next);
        model.addAttribute("next", returnTo.orElse(null));
        model.addAttribute("path", SignInReturn.signInAddress(null, returnTo));
        model.addAttribute("waitMinutes", waitMinutes(wait));
        signIn.issuerStart().ifPresent(start -> model.addAttribute("issuerStart", start
                + returnTo.map(page -> "?" + SignInReturn.PARAMETER + "=" + URLEncoder.encode(page, StandardCharsets.UTF_8))
                .orElse("")));
        return "sign-in";
    }

    /** The wait in whole minutes, rounded up; null unless {@code seconds} is a number of seconds up to a day. */
    private static Long waitMinutes(String seconds) {
        if (seconds == null || !seconds.matches("[0-9]{1,6}")) {
            return null;
        }
        long wait = Long.parseLong(seconds);
        return wait < 1 || wait > LONGEST_WAIT ? null : (wait + MINUTE - 1) / MINUTE;
    }
}
