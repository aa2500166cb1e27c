package org.iom.kit.security;

import jakarta.servlet.http.HttpServletRequest;
import org.iom.idm.actor.Role;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.Problems;
import org.iom.kit.security.throttle.SignInRefusals;
import org.iom.kit.web.CorrelationIdFilter;
import org.iom.kit.web.RequestBodyLimitFilter;
import org.iom.kit.web.ServiceProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.request.async.WebAsyncManagerIntegrationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.Optional;

/**
 * HTTP Basic against the configured users, or a bearer access token ({@link AccessTokens}), stateless, with
 * problem+json for 401 and 403, and 429 for sign-ins refused after too many failed ones ({@link SignInRefusals}). Only health is open; the metrics need the scrape role ({@link Role#METRICS}), and
 * every other call one of the {@link #people()}.
 */
@Configuration
@EnableMethodSecurity
@EnableConfigurationProperties({SecurityProperties.class, ServiceProperties.class})
public class WebSecurityConfiguration {

    private static final String REALM = "IDM Theme Selection";

    /**
     * The roles of the people who take part (CONTRACT §4): all but the scrape role, which reads only metrics, and
     * the system, which acts only at scheduled instants.
     */
    public static String[] people() {
        return Arrays.stream(Role.values()).filter(role -> role != Role.METRICS && role != Role.SYSTEM).map(Role::name)
                .toArray(String[]::new);
    }

    /**
     * The security headers go out before the controller runs: written afterwards, they race with a tally stream
     * whose first event is already committing the response on another thread (Tomcat's header list is not
     * thread-safe; the benchmark saw one such stream in a thousand fail).
     */
    public static final ObjectPostProcessor<HeaderWriterFilter> WRITE_HEADERS_FIRST = new ObjectPostProcessor<>() {
        @Override
        public <O extends HeaderWriterFilter> O postProcess(O filter) {
            filter.setShouldWriteHeadersEagerly(true);
            return filter;
        }
    };

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** A service that keeps no accreditation roster lets no delegate speak for a state: its delegates read only. */
    @Bean
    UserDirectory userDirectory(SecurityProperties properties, PasswordEncoder encoder,
                                ObjectProvider<Delegations> delegations) {
        return new UserDirectory(properties, encoder, delegations.getIfAvailable(() -> username -> Optional.empty()));
    }

    @Bean
    AccessTokens accessTokens(SecurityProperties properties, UserDirectory users, ServiceProperties service) {
        return new AccessTokens(TokenSecret.of(properties, service.dataDir()), users);
    }

    @Bean
    AuthenticationManager authenticationManager(UserDirectory users, PasswordEncoder encoder,
                                                SecurityProperties properties, SignInRefusals refusals) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(encoder);
        return new ProviderManager(refusals.throttled(new CachingAuthenticationProvider(passwords, users,
                properties.credentialCacheTtl(), properties.credentialCacheSize())));
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, AuthenticationManager authenticationManager,
                                    AccessTokens tokens, JsonMapper json,
                                    ServiceProperties service, SignInRefusals refusals) throws Exception {
        AuthenticationEntryPoint unauthenticated = refusals.around((request, response, failure) -> {
            if (!fromWebPage(request)) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
            }
            Problems.write(response, json, ErrorCode.UNAUTHENTICATED,
                    "sign in with a valid user name and password, or a valid access token");
        });
        http.securityMatcher("/**")
                .authenticationManager(authenticationManager)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthenticated))
                .oauth2ResourceServer(tokens.resourceServer(AccessTokens.headerOrCookie(), unauthenticated))
                .headers(SecurityHeaders.with(SecurityHeaders.API_POLICY))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler((request, response, denied) ->
                                Problems.write(response, json, ErrorCode.FORBIDDEN, "your role may not do this")))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .requestMatchers("/actuator/prometheus").hasRole(Role.METRICS.name())
                        .anyRequest().hasAnyRole(people()))
                .addFilterBefore(new CorrelationIdFilter(), WebAsyncManagerIntegrationFilter.class)
                .addFilterAfter(new RequestBodyLimitFilter(Math.toIntExact(service.http().maxBodySize().toBytes()), json), HeaderWriterFilter.class);
        return http.build();
    }

    /** A Basic challenge would make the browser pop up its own password dialog over the web UI. */
    private static boolean fromWebPage(HttpServletRequest request) {
        String fetchMode = request.getHeader("Sec-Fetch-Mode");
        return AccessTokens.sessionCookie(request) != null || (fetchMode != null && !"navigate".equals(fetchMode));
    }
}
