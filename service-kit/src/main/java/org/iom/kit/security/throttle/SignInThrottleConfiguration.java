package org.iom.kit.security.throttle;

import org.iom.kit.security.events.SecurityEvents;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.time.InstantSource;

/** The throttle of failed sign-ins; its time is the context's own clock, if it has one. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SignInThrottleProperties.class)
public class SignInThrottleConfiguration {

    @Bean
    SignInThrottle signInThrottle(SignInThrottleProperties properties, ObjectProvider<InstantSource> time) {
        return new SignInThrottle(properties, time.getIfUnique(InstantSource::system));
    }

    @Bean
    SignInRefusals signInRefusals(SignInThrottle throttle, SecurityEvents events, JsonMapper json) {
        return new SignInRefusals(throttle, events, json);
    }
}
