package org.iom.kit.security;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The security headers of every answer, pages and API alike: Spring Security's defaults (X-Content-Type-Options
 * nosniff, X-Frame-Options DENY, Cache-Control no-store, HSTS on HTTPS), a content security policy, no referrer
 * to other sites, and no access to the browser's sensors, camera, microphone or payments.
 */
public final class SecurityHeaders {

    /**
     * For answers that are data or documents, not pages: nothing to run or load, no frames. The official record,
     * an HTML document under /api, keeps its own inline style.
     */
    public static final String API_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'";

    static final String PERMISSIONS_POLICY = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
            + "magnetometer=(), microphone=(), payment=(), usb=()";

    private SecurityHeaders() {
    }

    /** The headers with {@code contentSecurityPolicy}, written before the controller runs. */
    public static Customizer<HeadersConfigurer<HttpSecurity>> with(String contentSecurityPolicy) {
        return headers -> {
            headers.addObjectPostProcessor(WebSecurityConfiguration.WRITE_HEADERS_FIRST);
            headers.contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy))
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                    .permissionsPolicyHeader(permissions -> permissions.policy(PERMISSIONS_POLICY));
        };
    }
}
