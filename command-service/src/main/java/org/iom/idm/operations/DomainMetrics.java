package org.iom.idm.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.springframework.stereotype.Component;

/**
 * Counts the domain's events in total, as they are applied: never per consultation, which would show the
 * turnout of a sealed vote (CONTRACT §7). Its processing group is a subscribing processor (application.yml), so
 * each event is counted once, by the instance that stored it, and never again on a replay.
 */
@Component
@ProcessingGroup(DomainMetrics.PROCESSING_GROUP)
public class DomainMetrics {

    static final String PROCESSING_GROUP = "domain-metrics";

    private final MeterRegistry registry;

    DomainMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventHandler
    void on(BallotCast event) {
        count("idm.ballots.cast", "Ballots cast");
    }

    @EventHandler
    void on(BallotChanged event) {
        count("idm.ballots.changed", "Ballots changed");
    }

    @EventHandler
    void on(ProposalSubmitted event) {
        count("idm.proposals.submitted", "Proposals submitted");
    }

    @EventHandler
    void on(CommentAdded event) {
        count("idm.comments.added", "Comments added");
    }

    @EventHandler
    void on(DecisionRecorded event) {
        count("idm.decisions.recorded", "Decisions recorded");
    }

    private void count(String name, String description) {
        Counter.builder(name)
                .description(description)
                .register(registry)
                .increment();
    }
}
