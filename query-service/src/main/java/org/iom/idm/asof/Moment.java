package org.iom.idm.asof;

import org.axonframework.queryhandling.QueryHandler;
import org.iom.idm.ballot.BallotQueries.Ballot;
import org.iom.idm.ballot.BallotQueries.FindBallots;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.consultation.ConsultationQueries.ConsultationDetail;
import org.iom.idm.consultation.ConsultationQueries.FindConsultation;
import org.iom.idm.proposal.ProposalQueries.FindProposal;
import org.iom.idm.proposal.ProposalQueries.ProposalDetail;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the read models answered for one consultation once rebuilt from its events up to an instant. Kept as
 * answers, so the throwaway database they came from is closed at once; answers the same queries as they do, for
 * the round then current only.
 */
record Moment(ConsultationDetail consultation, Map<String, ProposalDetail> proposals, Tally tally,
              List<Ballot> ballots) {

    @QueryHandler
    Optional<ConsultationDetail> handle(FindConsultation query) {
        return Optional.ofNullable(consultation);
    }

    @QueryHandler
    Optional<ProposalDetail> handle(FindProposal query) {
        return Optional.ofNullable(proposals.get(query.proposalId()));
    }

    @QueryHandler
    Optional<Tally> handle(FindTally query) {
        return Optional.ofNullable(tally).filter(then -> query.round() == null || query.round() == then.round());
    }

    @QueryHandler
    List<Ballot> handle(FindBallots query) {
        return tally == null || query.round() == null || query.round() == tally.round() ? ballots : List.of();
    }
}
