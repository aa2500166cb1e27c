package org.iom.idm.ballot;

import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.context.annotation.Bean;

/**
 * The tally notifier keeps no state worth a stored position: each instance runs its own from the head of the
 * event store, with its position in memory, so that every instance sees every change.
 */
@org.springframework.context.annotation.Configuration
class TallyNotificationConfiguration {

    @Bean
    ConfigurerModule tallyNotificationsFollowThePresentOnEveryInstance(
            TallyStreamProperties settings) {
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessor(TallyNotifier.PROCESSING_GROUP, Configuration::eventStore,
                        configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(settings.batchSize())
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken))
                .registerTokenStore(TallyNotifier.PROCESSING_GROUP, configuration -> new InMemoryTokenStore());
    }
}
