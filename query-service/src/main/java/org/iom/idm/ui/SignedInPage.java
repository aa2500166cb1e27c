package org.iom.idm.ui;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;

/**
 * The page an issuer's sign-in lands on (profile {@code oidc}): it moves on at once to the page to return to,
 * a navigation from this site, which carries the SameSite=Strict session cookie that the issuer's redirect would not.
 */
@WebUiPage
class SignedInPage {

    static final String PATH = "/signed-in";
    static final String RETURN_TO = "org.iom.idm.ui.SignedInPage.returnTo";

    @GetMapping(PATH)
    String signedIn(@RequestAttribute(name = RETURN_TO, required = false) String returnTo, Model model) {
        model.addAttribute("next", SignInReturn.safe(returnTo).orElse(WebUiSecurityConfiguration.HOME));
        return "signed-in";
    }
}
