package org.iom.kit.security.throttle;

import org.iom.kit.security.events.SecurityEventKind;
import org.iom.kit.security.events.SecurityEvents;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import java.util.Optional;

/**
 * The password check behind the throttle: a sign-in that the throttle refuses is not checked at all (so the right
 * password does not help), and a wrong one is counted; each is a security event.
 */
class ThrottledSignIns implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final SignInThrottle throttle;
    private final SecurityEvents events;

    ThrottledSignIns(AuthenticationProvider passwords, SignInThrottle throttle, SecurityEvents events) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.events = events;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String username = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        Optional<SignInThrottle.Refusal> refused = throttle.refusal(username, address);
        if (refused.isPresent()) {
            throw refuse(refused.get(), username, address);
        }
        try {
            return passwords.authenticate(attempt);
        } catch (BadCredentialsException wrong) {
            events.record(SecurityEventKind.SIGN_IN_FAILED, username, address, "wrong user name or password");
            Optional<SignInThrottle.Refusal> nowRefused = throttle.failed(username, address);
            if (nowRefused.isPresent()) {
                throw refuse(nowRefused.get(), username, address);
            }
            throw wrong;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }

    private TooManyAttemptsException refuse(SignInThrottle.Refusal refusal, String username, String address) {
        for (SignInThrottle.Limit limit : refusal.newlyReached()) {
            events.record(SecurityEventKind.SIGN_IN_THROTTLED, username, address, "too many failed sign-ins for this "
                    + limit.words() + ": refused until " + refusal.until());
        }
        return new TooManyAttemptsException(refusal.retryAfter());
    }
}
