package org.iom.kit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;

import static org.assertj.core.api.Assertions.assertThat;

/** The kit reaches a service as an auto-configuration, never through the service's component scan. */
class ServiceKitAutoConfigurationTest {

    @Test
    void theKitIsRegisteredAsAnAutoConfiguration() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
                .contains(ServiceKitAutoConfiguration.class.getName());
    }

    @Test
    void theKitLiesOutsideThePackagesTheServicesScan() {
        assertThat(ServiceKitAutoConfiguration.class.getPackageName()).doesNotStartWith("org.iom.idm");
    }
}
