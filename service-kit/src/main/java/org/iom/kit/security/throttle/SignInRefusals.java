package org.iom.kit.security.throttle;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import org.iom.kit.persistence.StoreOutage;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.Problems;
import org.iom.kit.security.AccessTokens;
import org.iom.kit.security.events.SecurityEvents;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import tools.jackson.databind.json.JsonMapper;

import java.text.ParseException;

/**
 * Where a service's security meets the throttle and the security events: the password check it wraps, and the
 * answer to a refused sign-in (429 {@code TOO_MANY_ATTEMPTS} with {@code Retry-After}) or token (recorded, then
 * answered as before).
 */
public class SignInRefusals {

    private final SignInThrottle throttle;
    private final SecurityEvents events;
    private final JsonMapper json;

    public SignInRefusals(SignInThrottle throttle, SecurityEvents events, JsonMapper json) {
        this.throttle = throttle;
        this.events = events;
        this.json = json;
    }

    /** The password check, refused while the throttle says so, its failures counted and recorded. */
    public AuthenticationProvider throttled(AuthenticationProvider passwords) {
        return new ThrottledSignIns(passwords, throttle, events);
    }

    /**
     * {@code otherwise} for every refusal but a throttled sign-in, and one that could not be checked for want of the
     * database; a refused token is recorded first.
     */
    public AuthenticationEntryPoint around(AuthenticationEntryPoint otherwise) {
        return (request, response, failure) -> {
            if (StoreOutage.in(failure)) {
                // Not the caller's fault: thrown on to StoreOutageFilter (the API) or the error page (the web UI).
                throw failure;
            }
            if (failure instanceof TooManyAttemptsException tooMany) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(tooMany.retryAfterSeconds()));
                Problems.write(response, json, ErrorCode.TOO_MANY_ATTEMPTS, "too many failed sign-ins for this user "
                        + "name or from this address: try again in " + tooMany.retryAfterSeconds() + " seconds");
                return;
            }
            if (failure instanceof InvalidBearerTokenException) {
                events.tokenRefused(claimedSubject(request), request.getRemoteAddr(), failure.getMessage());
            }
            otherwise.commence(request, response, failure);
        };
    }

    /** Whom the refused token says it is for, unverified; null if it names no one or cannot be read. */
    private static String claimedSubject(HttpServletRequest request) {
        try {
            String token = AccessTokens.headerOrCookie().resolve(request);
            return token == null ? null : JWTParser.parse(token).getJWTClaimsSet().getSubject();
        } catch (OAuth2AuthenticationException | ParseException unreadable) {
            return null;
        }
    }
}
