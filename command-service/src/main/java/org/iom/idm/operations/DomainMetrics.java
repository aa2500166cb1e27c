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

    private final Counter ballotsCast;
    private final Counter ballotsChanged;
    private final Counter proposalsSubmitted;
    private final Counter commentsAdded;
    private final Counter decisionsRecorded;

    /** Built once: looking a counter up in the registry for every event costs more than counting it. */
    DomainMetrics(MeterRegistry registry) {
        ballotsCast = counter(registry, "idm.ballots.cast", "Ballots cast");
        ballotsChanged = counter(registry, "idm.ballots.changed", "Ballots changed");
        proposalsSubmitted = counter(registry, "idm.proposals.submitted", "Proposals submitted");
        commentsAdded = counter(registry, "idm.comments.added", "Comments added");
        decisionsRecorded = counter(registry, "idm.decisions.recorded", "Decisions recorded");
    }

    @EventHandler
    void on(BallotCast event) {
        ballotsCast.increment();
    }

    @EventHandler
    void on(BallotChanged event) {
        ballotsChanged.increment();
    }

    @EventHandler
    void on(ProposalSubmitted event) {
        proposalsSubmitted.increment();
    }

    @EventHandler
    void on(CommentAdded event) {
        commentsAdded.increment();
    }

    @EventHandler
    void on(DecisionRecorded event) {
        decisionsRecorded.increment();
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}
