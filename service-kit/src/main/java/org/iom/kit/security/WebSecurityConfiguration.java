package org.iom.kit.security;

import org.iom.idm.actor.Role;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.Problems;
import org.iom.kit.security.throttle.SignInRefusals;
import org.iom.kit.web.CorrelationIdFilter;
import org.iom.kit.web.RequestBodyLimitFilter;
import org.iom.kit.web.ServiceProperties;
import org.iom.kit.web.StoreOutageFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.request.async.WebAsyncManagerIntegrationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;

/**
 * The API's security, stateless, with problem+json for 401 and 403, and 429 for sign-ins refused after too many
 * failed ones ({@link SignInRefusals}), whichever way callers sign in ({@link ApiSignIn}: passwords, or profile
 * {@code oidc}'s issuer). Only health is open; the metrics need the scrape role ({@link Role#METRICS}), and every
 * other call one of the {@link #people()}.
 */
@Configuration
@EnableMethodSecurity
@EnableConfigurationProperties({SecurityProperties.class, ServiceProperties.class})
@Import({PasswordSecurityConfiguration.class, OidcSecurityConfiguration.class})
public class WebSecurityConfiguration {

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
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiSignIn signIn, JsonMapper json,
                                    ServiceProperties service, SignInRefusals refusals) throws Exception {
        AuthenticationEntryPoint unauthenticated = refusals.around((request, response, failure) ->
                Problems.write(response, json, ErrorCode.UNAUTHENTICATED, signIn.challenge(request, response)));
        http.securityMatcher("/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
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
                .addFilterAfter(new StoreOutageFilter(json), CorrelationIdFilter.class)
                .addFilterAfter(new RequestBodyLimitFilter(Math.toIntExact(service.http().maxBodySize().toBytes()), json), HeaderWriterFilter.class);
        signIn.configure(http, unauthenticated);
        return http.build();
    }
}
