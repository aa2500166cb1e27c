package org.iom.idm.ui;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.iom.kit.security.AccessTokens;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.web.util.WebUtils;

import javax.crypto.SecretKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sign-in at the issuer under way (its state, nonce and PKCE verifier, and the page to return to), kept in the
 * browser instead of a server-side session, so any instance can take the issuer's answer. The cookie is encrypted
 * and authenticated (JWE, AES-256-GCM, with a key derived from the tokens' secret): the browser can neither read
 * the verifier nor change anything. It is HttpOnly, lives a few minutes, and is SameSite=Lax, since the issuer's
 * answer is a navigation from another site.
 */
class AuthorizationRequestCookie implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "idm_sign_in";
    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final String KEY_PURPOSE = "idm oidc authorization request";
    /** Where the request taken back for the issuer's answer waits for the success handler. */
    private static final String TAKEN = AuthorizationRequestCookie.class.getName() + ".taken";
    private static final String RETURN_TO = "next";

    private final SecretKey key;
    private final Clock clock;

    AuthorizationRequestCookie(AccessTokens tokens, Clock clock) {
        this.key = tokens.keyFor(KEY_PURPOSE);
        this.clock = clock;
    }

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        OAuth2AuthorizationRequest kept = read(request);
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        return kept != null && kept.getState().equals(state) ? kept : null;
    }

    @Override
    public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
                                         HttpServletResponse response) {
        if (authorizationRequest == null) {
            write(response, "", Duration.ZERO, request.isSecure());
            return;
        }
        Map<String, Object> attributes = new LinkedHashMap<>(authorizationRequest.getAttributes());
        SignInReturn.safe(request.getParameter(SignInReturn.PARAMETER)).ifPresent(page -> attributes.put(RETURN_TO, page));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("authorizationUri", authorizationRequest.getAuthorizationUri());
        fields.put("clientId", authorizationRequest.getClientId());
        fields.put("redirectUri", authorizationRequest.getRedirectUri());
        fields.put("scopes", List.copyOf(authorizationRequest.getScopes()));
        fields.put("state", authorizationRequest.getState());
        fields.put("additionalParameters", strings(authorizationRequest.getAdditionalParameters()));
        fields.put("attributes", strings(attributes));
        fields.put("authorizationRequestUri", authorizationRequest.getAuthorizationRequestUri());
        fields.put("expires", clock.instant().plus(LIFETIME).getEpochSecond());
        JWEObject sealed = new JWEObject(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), new Payload(fields));
        try {
            sealed.encrypt(new DirectEncrypter(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot seal the authorization request", e);
        }
        write(response, sealed.serialize(), LIFETIME, request.isSecure());
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
                                                                 HttpServletResponse response) {
        OAuth2AuthorizationRequest kept = loadAuthorizationRequest(request);
        if (kept != null) {
            write(response, "", Duration.ZERO, request.isSecure());
            request.setAttribute(TAKEN, kept);
        }
        return kept;
    }

    /** The page the sign-in whose answer this request brings was to return to, if it asked for one. */
    static Optional<String> returnTo(HttpServletRequest request) {
        return request.getAttribute(TAKEN) instanceof OAuth2AuthorizationRequest taken
                ? SignInReturn.safe(taken.getAttribute(RETURN_TO)) : Optional.empty();
    }

    /** The request in the cookie, or null if there is none, or none this service sealed, or it is too old. */
    @SuppressWarnings("unchecked")
    private OAuth2AuthorizationRequest read(HttpServletRequest request) {
        Cookie cookie = WebUtils.getCookie(request, COOKIE);
        String value = cookie == null ? null : cookie.getValue();
        if (value == null || value.isBlank()) {
            return null;
        }
        Map<String, Object> fields;
        try {
            JWEObject sealed = JWEObject.parse(value);
            sealed.decrypt(new DirectDecrypter(key));
            fields = sealed.getPayload().toJSONObject();
        } catch (ParseException | JOSEException | IllegalStateException notOurs) {
            return null;
        }
        if (fields == null || !(fields.get("expires") instanceof Number expires)
                || clock.instant().isAfter(Instant.ofEpochSecond(expires.longValue()))) {
            return null;
        }
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri((String) fields.get("authorizationUri"))
                .clientId((String) fields.get("clientId"))
                .redirectUri((String) fields.get("redirectUri"))
                .scopes(Set.copyOf((List<String>) fields.get("scopes")))
                .state((String) fields.get("state"))
                .additionalParameters((Map<String, Object>) fields.get("additionalParameters"))
                .attributes((Map<String, Object>) fields.get("attributes"))
                .authorizationRequestUri((String) fields.get("authorizationRequestUri"))
                .build();
    }

    private static Map<String, Object> strings(Map<String, Object> values) {
        return values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> String.valueOf(entry.getValue()), (a, b) -> a, LinkedHashMap::new));
    }

    private static void write(HttpServletResponse response, String value, Duration maxAge, boolean secure) {
        response.addHeader("Set-Cookie", ResponseCookie.from(COOKIE, value)
                .httpOnly(true).secure(secure).sameSite("Lax").path("/").maxAge(maxAge).build().toString());
    }
}
