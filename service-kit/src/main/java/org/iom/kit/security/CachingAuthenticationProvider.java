package org.iom.kit.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Remembers credentials that passed the slow password check for a while, so HTTP Basic does not pay for
 * BCrypt on every request. The cache holds a keyed MAC of the credentials, never the password itself;
 * the key is random per process. It remembers only that the password was right: who the user is (whom a delegate
 * speaks for, CONTRACT §9) is looked up anew on every request.
 */
public class CachingAuthenticationProvider implements AuthenticationProvider {

    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private final AuthenticationProvider delegate;
    private final UserDetailsService users;
    private final Cache<String, Boolean> verified;
    private final SecretKeySpec key;

    public CachingAuthenticationProvider(AuthenticationProvider delegate, UserDetailsService users, Duration ttl,
                                         int maximumSize) {
        this.delegate = delegate;
        this.users = users;
        this.verified = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).build();
        byte[] secret = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, MAC_ALGORITHM);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        if (authentication.getCredentials() == null) {
            return delegate.authenticate(authentication);
        }
        String fingerprint = fingerprint(authentication.getName(), authentication.getCredentials().toString());
        if (verified.getIfPresent(fingerprint) != null) {
            UserDetails user = users.loadUserByUsername(authentication.getName());
            return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        }
        Authentication result = delegate.authenticate(authentication);
        if (result != null && result.isAuthenticated()) {
            verified.put(fingerprint, Boolean.TRUE);
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private String fingerprint(String username, String password) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(MAC_ALGORITHM + " is not available", e);
        }
    }
}
