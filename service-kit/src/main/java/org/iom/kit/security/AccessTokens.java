package org.iom.kit.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * Signed, expiring statements of who a user is (HS256 JWTs). The web UI keeps one in an HttpOnly cookie instead
 * of a server-side session, and forwards a fresh one with each write, so the command service records the real
 * user. A token names the user and the role it signed in with; the role and member state that count come from this
 * service's own directory, or, where there is none (profile {@code oidc}), the role from the token and the state
 * from the roster ({@link OidcUsers}).
 */
public class AccessTokens {

    public static final String SESSION_COOKIE = "idm_session";
    public static final String ROLE_CLAIM = "role";

    private static final String ISSUER = "idm-theme-selection";
    private static final String JWT_TYPE = "JWT";
    private static final String HMAC_SHA256 = "HmacSHA256";
    /** HS256 needs a key of at least 256 bits. */
    private static final int MIN_SECRET_BYTES = 32;

    private final SecretKey key;
    private final NimbusJwtEncoder encoder;
    private final NimbusJwtDecoder decoder;
    private final Function<Jwt, IdmUser> users;

    private final Clock clock;

    public AccessTokens(String secret, UserDirectory users) {
        this(secret, users, Clock.systemUTC());
    }

    AccessTokens(String secret, UserDirectory users, Clock clock) {
        this(key(secret), jwt -> users.loadUserByUsername(jwt.getSubject()), clock);
    }

    /** Tokens whose user is made from the token itself by {@code users}, where no directory exists. */
    public AccessTokens(String secret, Function<Jwt, IdmUser> users) {
        this(key(secret), users, Clock.systemUTC());
    }

    private AccessTokens(SecretKey key, Function<Jwt, IdmUser> users, Clock clock) {
        this.key = key;
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        this.decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
        this.users = users;
        this.clock = clock;
    }

    private static SecretKey key(String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("Set idm.security.token-secret (IDM_TOKEN_SECRET) to a secret of at least "
                    + MIN_SECRET_BYTES + " bytes, the same for both services (only the demo profile makes its own)");
        }
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_SHA256);
    }

    /** The same tokens on another clock, e.g. to issue one as it would have been issued an hour ago. */
    AccessTokens at(Clock otherClock) {
        return new AccessTokens(key, users, otherClock);
    }

    public String issue(IdmUser user, Duration ttl) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(user.username())
                .claim(ROLE_CLAIM, user.role().name())
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).type(JWT_TYPE).build(), claims))
                .getTokenValue();
    }

    /** Accepts these tokens, found by {@code resolver}; a missing, invalid or expired one goes to {@code entryPoint}. */
    public Customizer<OAuth2ResourceServerConfigurer<HttpSecurity>> resourceServer(BearerTokenResolver resolver,
                                                                                  AuthenticationEntryPoint entryPoint) {
        // Its own manager: the shared one of the filter chain checks passwords only.
        return server -> server
                .jwt(jwt -> jwt.authenticationManager(authenticationManager()))
                .bearerTokenResolver(resolver)
                .authenticationEntryPoint(entryPoint);
    }

    /** Accepts these tokens and those of {@code issuer}, each checked by its own manager, chosen by the token's issuer. */
    public Customizer<OAuth2ResourceServerConfigurer<HttpSecurity>> resourceServer(
            BearerTokenResolver resolver, AuthenticationEntryPoint entryPoint, String issuer,
            AuthenticationManager issuerTokens) {
        Map<String, AuthenticationManager> byIssuer = Map.of(ISSUER, authenticationManager(), issuer, issuerTokens);
        return server -> server
                .authenticationManagerResolver(new JwtIssuerAuthenticationManagerResolver(byIssuer::get))
                .bearerTokenResolver(resolver)
                .authenticationEntryPoint(entryPoint);
    }

    private AuthenticationManager authenticationManager() {
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(authentication());
        return new ProviderManager(provider);
    }

    /**
     * A key of its own for {@code purpose}, derived from the tokens' secret (HMAC-SHA256 of the purpose), so that
     * what it protects holds on every instance that shares the secret.
     */
    public SecretKey keyFor(String purpose) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(key);
            return new SecretKeySpec(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC_SHA256 + " is not available", e);
        }
    }

    /** The user a valid token names; throws {@link org.springframework.security.oauth2.jwt.JwtException} if invalid. */
    public AbstractAuthenticationToken authenticate(String token) {
        return authentication().convert(decoder.decode(token));
    }

    /** The signed-in user as the password sign-in makes it, so controllers see one kind of principal. */
    private Converter<Jwt, AbstractAuthenticationToken> authentication() {
        return jwt -> {
            IdmUser user = users.apply(jwt);
            return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        };
    }

    /** The Authorization header (API clients, forwarded writes), else the web UI's session cookie. */
    public static BearerTokenResolver headerOrCookie() {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        return request -> {
            String token = header.resolve(request);
            return token != null ? token : sessionCookie(request);
        };
    }

    public static String sessionCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (SESSION_COOKIE.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
