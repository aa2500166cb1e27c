package org.iom.idm.consultation;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** The deadlines that the database scheduler holds for a consultation, by name (found by the API tests' scan). */
@Component
class PendingDeadlines {

    private final Scheduler scheduler;
    private final Serializer serializer;

    PendingDeadlines(Scheduler scheduler, @Qualifier("eventSerializer") Serializer serializer) {
        this.scheduler = scheduler;
        this.serializer = serializer;
    }

    List<String> of(String consultationId) {
        List<String> names = new ArrayList<>();
        scheduler.fetchScheduledExecutionsForTask("AxonDeadline", DbSchedulerBinaryDeadlineDetails.class,
                execution -> {
                    DbSchedulerBinaryDeadlineDetails details = execution.getData();
                    ScopeDescriptor scope = details.getDeserializedScopeDescriptor(serializer);
                    if (scope instanceof AggregateScopeDescriptor aggregate
                            && consultationId.equals(aggregate.getIdentifier())) {
                        names.add(details.getD());
                    }
                });
        return names;
    }
}
