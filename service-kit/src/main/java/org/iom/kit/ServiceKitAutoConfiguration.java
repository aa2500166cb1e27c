package org.iom.kit;

import org.iom.kit.axon.AxonSerializationConfiguration;
import org.iom.kit.metrics.MetricsConfiguration;
import org.iom.kit.problem.ApiExceptionHandler;
import org.iom.kit.problem.ContainerErrorConfiguration;
import org.iom.kit.problem.ProblemErrorController;
import org.iom.kit.security.WebSecurityConfiguration;
import org.iom.kit.security.events.SecurityEventsConfiguration;
import org.iom.kit.security.throttle.SignInThrottleConfiguration;
import org.iom.kit.web.EncodedPathConfiguration;
import org.iom.kit.web.StrictJsonConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What both services share at the edge (security, sign-in throttling and security events, problem+json, strict
 * JSON, encoded paths, Axon's trusted types, the meters' cost),
 * as a Spring Boot auto-configuration (META-INF/spring/...AutoConfiguration.imports): a service gets it by having
 * the kit on its class path, not because its packages happen to lie under the service's. It comes before Boot's own
 * security and error handling and Axon's metrics, which step back when it has declared theirs.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
        "org.axonframework.springboot.autoconfig.MicrometerMetricsAutoConfiguration"})
@Import({WebSecurityConfiguration.class, SignInThrottleConfiguration.class, SecurityEventsConfiguration.class,
        ApiExceptionHandler.class, ProblemErrorController.class, ContainerErrorConfiguration.class,
        StrictJsonConfiguration.class, EncodedPathConfiguration.class, AxonSerializationConfiguration.class,
        MetricsConfiguration.class})
public class ServiceKitAutoConfiguration {
}
