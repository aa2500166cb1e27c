package org.iom.kit.axon;

import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Jackson 3 refuses polymorphic types unless told which to trust. Axon's tracking tokens carry such types
 * (a replay token wraps another token and a context), so Axon's and our own packages are trusted; nothing
 * from elsewhere is.
 */
@Configuration
public class AxonSerializationConfiguration {

    @Bean
    Jackson3SerializerCustomizer trustedPolymorphicTypes() {
        return mapper -> mapper.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .allowIfSubType("org.iom.idm.")
                .allowIfSubType("java.util.")
                .allowIfSubType("java.lang.")
                .build());
    }
}
