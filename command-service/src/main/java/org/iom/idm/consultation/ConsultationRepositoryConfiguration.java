package org.iom.idm.consultation;

import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.iom.idm.store.StreamHeads;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where commands find their consultation: in memory when this instance holds it as new as the store's stream
 * ({@link StoreCheckedRepository}), otherwise from its latest snapshot and the events after it.
 */
@Configuration
class ConsultationRepositoryConfiguration {

    static final String NAME = "consultationRepository";

    @Bean(NAME)
    Repository<Consultation> consultationRepository(EventStore eventStore,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    HandlerDefinition handlerDefinition,
                                                    RepositorySpanFactory spanFactory,
                                                    @Qualifier(ConsultationSnapshots.TRIGGER)
                                                    SnapshotTriggerDefinition snapshotTrigger,
                                                    LoadedConsultations loadedConsultations,
                                                    ObjectProvider<StreamHeads> streamHeads) {
        return new StoreCheckedRepository<>(EventSourcingRepository.builder(Consultation.class)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .snapshotTriggerDefinition(snapshotTrigger), eventStore, loadedConsultations,
                streamHeads.getIfAvailable(() -> StreamHeads.oneByOne(eventStore)));
    }

    @Bean
    LoadedConsultations loadedConsultations(ConsultationStoreProperties settings) {
        return new LoadedConsultations(settings.cachedConsultations());
    }
}
