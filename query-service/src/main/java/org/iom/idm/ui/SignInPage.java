package org.iom.idm.ui;

import org.springframework.web.bind.annotation.GetMapping;

@WebUiPage
class SignInPage {

    @GetMapping(WebUiSecurityConfiguration.SIGN_IN)
    String signIn() {
        return "sign-in";
    }
}
