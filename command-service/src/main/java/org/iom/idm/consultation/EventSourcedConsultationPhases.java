package org.iom.idm.consultation;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Reads another consultation's phase from its own event stream, within the current command. */
@Component
class EventSourcedConsultationPhases implements ConsultationPhases {

    private final Repository<Consultation> consultations;

    EventSourcedConsultationPhases(@Lazy @Qualifier(ConsultationRepositoryConfiguration.NAME) Repository<Consultation> consultations) {
        this.consultations = consultations;
    }

    @Override
    public Optional<Phase> phaseOf(String consultationId) {
        try {
            return Optional.of(consultations.load(consultationId).invoke(Consultation::phase));
        } catch (AggregateNotFoundException notFound) {
            return Optional.empty();
        }
    }
}
