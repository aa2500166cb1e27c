package org.iom.idm.consultation;

import org.iom.idm.actor.Actor;
import org.iom.idm.consultation.ConsultationEvent.CommentsClosed;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.ConsultationScheduled;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.DraftCirculated;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.consultation.ConsultationEvent.SilenceBroken;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.consultation.ConsultationQueries.CirculationView;
import org.iom.idm.consultation.ConsultationQueries.ConsultationDetail;
import org.iom.idm.consultation.ConsultationQueries.ConsultationSummary;
import org.iom.idm.consultation.ConsultationQueries.Decision;
import org.iom.idm.consultation.ConsultationQueries.ProposalSummary;
import org.iom.idm.consultation.ConsultationQueries.ScheduleView;
import org.iom.idm.consultation.ConsultationQueries.SilenceBreak;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.CommentEvent.CommentRetracted;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.ProposalStatus;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The consultation read model (ConsultationProjection): the list, the detail, the phase and the decision. */
class ConsultationProjectionTest extends AbstractProjectionTest {

    @Test
    void aCreatedConsultationIsListedAsOpen() {
        String cid = newConsultationId("listed");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Overarching theme for IDM 2010", "Which theme?",
                "From the 2009 discussion note", 1, null, null));

        assertThat(listed(cid)).isEqualTo(
                new ConsultationSummary(cid, "Overarching theme for IDM 2010", Phase.OPEN, 0, null));
    }

    @Test
    void theListCountsTheConsultationsProposals() {
        String cid = newConsultationId("counted");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary 1", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Migration and Social Change", "Summary 2", Proposer.ADMINISTRATION));
        feed(cid, delegate("PHL"), new ProposalSubmitted(cid, "p3", "Diaspora", "Summary 3", "PHL"));

        assertThat(listed(cid).proposalCount()).isEqualTo(3);
    }

    @Test
    void aFollowUpConsultationIsListedWithItsParent() {
        String parent = newConsultationId("parent");
        String child = newConsultationId("workshops");
        feed(parent, SECRETARIAT, created(parent));
        feed(child, SECRETARIAT, new ConsultationCreated(child, "Workshop topics", "Which two topics?", null, 2,
                null, parent));

        assertThat(listed(child).parentId()).isEqualTo(parent);
        assertThat(consultation(child).parentId()).isEqualTo(parent);
        assertThat(listed(parent).parentId()).isNull();
    }

    @Test
    void theDetailHasQuestionDescriptionSelectCountAndTheRequestedQuorum() {
        String cid = newConsultationId("detail");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Workshop topics for IDM 2010",
                "Which two workshop topics?", "Under the theme selected", 2, 40, null));

        ConsultationDetail detail = consultation(cid);
        assertThat(detail.id()).isEqualTo(cid);
        assertThat(detail.title()).isEqualTo("Workshop topics for IDM 2010");
        assertThat(detail.question()).isEqualTo("Which two workshop topics?");
        assertThat(detail.description()).isEqualTo("Under the theme selected");
        assertThat(detail.phase()).isEqualTo(Phase.OPEN);
        assertThat(detail.selectCount()).isEqualTo(2);
        assertThat(detail.quorum()).isEqualTo(40);
        assertThat(detail.parentId()).isNull();
        assertThat(detail.proposals()).isEmpty();
        assertThat(detail.decision()).isNull();
    }

    @Test
    void theQuorumIsUnknownBeforeVotingWhenNoneWasRequested() {
        String cid = newConsultationId("no-quorum");
        feed(cid, SECRETARIAT, created(cid));

        assertThat(consultation(cid).quorum()).isNull();
    }

    @Test
    void openingTheVoteSetsTheEffectiveQuorumAndPhaseVoting() {
        String cid = newConsultationId("voting");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 120, 61));

        ConsultationDetail detail = consultation(cid);
        assertThat(detail.phase()).isEqualTo(Phase.VOTING);
        assertThat(detail.quorum()).isEqualTo(61);
        assertThat(listed(cid).phase()).isEqualTo(Phase.VOTING);
    }

    @Test
    void theEffectiveQuorumReplacesTheRequestedOneWhenVotingOpens() {
        String cid = newConsultationId("requested");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Theme", "Which theme?", null, 1, 10, null),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        assertThat(consultation(cid).quorum()).isEqualTo(10);

        feed(cid, CHAIR, new VotingOpened(cid, 120, 12));

        assertThat(consultation(cid).quorum()).isEqualTo(12);
    }

    @Test
    void closingTheVoteMovesThePhaseToClosed() {
        String cid = newConsultationId("closed");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 3, 2), new VotingClosed(cid, 0, 0, 2, false));

        assertThat(consultation(cid).phase()).isEqualTo(Phase.CLOSED);
        assertThat(listed(cid).phase()).isEqualTo(Phase.CLOSED);
        assertThat(consultation(cid).decision()).isNull();
    }

    @Test
    void recordingTheDecisionMovesThePhaseToDecided() {
        String cid = newConsultationId("decided");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 3, 2), new VotingClosed(cid, 0, 0, 2, false),
                new DecisionRecorded(cid, List.of("p1"), "Quorum not met; the Administration's suggestion stands"));

        assertThat(consultation(cid).phase()).isEqualTo(Phase.DECIDED);
        assertThat(listed(cid).phase()).isEqualTo(Phase.DECIDED);
    }

    @Test
    void cancellingAnOpenConsultationMovesItsPhaseToCancelled() {
        String cid = newConsultationId("cancelled-open");
        feed(cid, SECRETARIAT, created(cid), new ConsultationCancelled(cid, Phase.OPEN, "Postponed"));

        assertThat(consultation(cid).phase()).isEqualTo(Phase.CANCELLED);
        assertThat(listed(cid).phase()).isEqualTo(Phase.CANCELLED);
    }

    @Test
    void aCancelledConsultationKeepsTheSecretariatsReasonAndOnlyACancelledOneHasOne() {
        String cid = newConsultationId("cancel-reason");
        feed(cid, SECRETARIAT, created(cid));
        assertThat(consultation(cid).cancellationReason()).isNull();

        feed(cid, SECRETARIAT, new ConsultationCancelled(cid, Phase.OPEN, "Tabled twice by mistake."));

        assertThat(consultation(cid).cancellationReason()).isEqualTo("Tabled twice by mistake.");
    }

    @Test
    void cancellingDuringTheVoteMovesThePhaseToCancelled() {
        String cid = newConsultationId("cancelled-voting");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 3, 2));
        feed(cid, SECRETARIAT, new ConsultationCancelled(cid, Phase.VOTING, "Postponed"));

        assertThat(consultation(cid).phase()).isEqualTo(Phase.CANCELLED);
    }

    @Test
    void theDecisionHasSelectedRationaleDecidedByAndDecidedAt() {
        String cid = newConsultationId("decision");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Workshops", "Which two?", null, 2, null, null),
                new ProposalSubmitted(cid, "p1", "Topic one", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Topic two", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p3", "Topic three", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 3, 2), new VotingClosed(cid, 0, 0, 2, false));
        Instant decidedAt = feed(cid, CHAIR, new DecisionRecorded(cid, List.of("p3", "p1"), "Quorum not met"));

        assertThat(consultation(cid).decision())
                .isEqualTo(new Decision(List.of("p3", "p1"), "Quorum not met", "chair", decidedAt));
    }

    @Test
    void aDecisionWithoutRationaleHasNone() {
        String cid = newConsultationId("no-rationale");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "Topic one", "Summary", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 1, 1), new VotingClosed(cid, 1, 0, 1, true),
                new DecisionRecorded(cid, List.of("p1"), null));

        Decision decision = consultation(cid).decision();
        assertThat(decision.selected()).containsExactly("p1");
        assertThat(decision.rationale()).isNull();
    }

    @Test
    void proposalsKeepSubmissionOrderWithTheirProposers() {
        String cid = newConsultationId("order");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p-c", "South-South Migration", "Summary C", Proposer.ADMINISTRATION));
        feed(cid, delegate("PHL"), new ProposalSubmitted(cid, "p-a", "Diaspora and development", "Summary A", "PHL"));
        feed(cid, delegate("MEX"), new ProposalSubmitted(cid, "p-b", "Climate and mobility", "Summary B", "MEX"));

        assertThat(consultation(cid).proposals()).containsExactly(
                new ProposalSummary("p-c", "South-South Migration", "Summary C", Proposer.ADMINISTRATION,
                        ProposalStatus.ACTIVE, 1, 0, null),
                new ProposalSummary("p-a", "Diaspora and development", "Summary A", "PHL", ProposalStatus.ACTIVE, 1, 0,
                        null),
                new ProposalSummary("p-b", "Climate and mobility", "Summary B", "MEX", ProposalStatus.ACTIVE, 1, 0,
                        null));
    }

    @Test
    void aWithdrawnProposalIsListedAsWithdrawnWithItsProposersReason() {
        String cid = newConsultationId("withdrawn");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, delegate("PHL"), new ProposalSubmitted(cid, "p2", "Diaspora", "Summary", "PHL"),
                new ProposalWithdrawn(cid, "p2", "Merged into p1"));

        assertThat(consultation(cid).proposals())
                .extracting(ProposalSummary::id, ProposalSummary::status, ProposalSummary::withdrawalReason)
                .containsExactly(tuple("p1", ProposalStatus.ACTIVE, null),
                        tuple("p2", ProposalStatus.WITHDRAWN, "Merged into p1"));
    }

    @Test
    void anAmendedProposalShowsItsLatestTitleSummaryAndVersion() {
        String cid = newConsultationId("amended");
        feed(cid, delegate("PHL"), created(cid),
                new ProposalSubmitted(cid, "p1", "Diaspora", "First summary", "PHL"),
                new ProposalAmended(cid, "p1", 2, "Diaspora engagement", "Second summary"),
                new ProposalAmended(cid, "p1", 3, "Diaspora engagement in development", "Third summary"));

        assertThat(consultation(cid).proposals()).containsExactly(
                new ProposalSummary("p1", "Diaspora engagement in development", "Third summary", "PHL",
                        ProposalStatus.ACTIVE, 3, 0, null));
    }

    @Test
    void theCommentCountCountsTheProposalsComments() {
        String cid = newConsultationId("comment-count");
        String m1 = commentId(cid, "m1");
        String m2 = commentId(cid, "m2");
        String m3 = commentId(cid, "m3");
        String m4 = commentId(cid, "m4");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Migration and Social Change", "Summary", Proposer.ADMINISTRATION));
        feed(cid, delegate("PHL"), new CommentAdded(cid, "p1", m1, "delegate-phl", "PHL", "Support", null),
                new CommentAdded(cid, "p2", m2, "delegate-phl", "PHL", "Less so", null));
        feed(cid, delegate("MEX"), new CommentAdded(cid, "p1", m3, "delegate-mex", "MEX", "Agreed", m1),
                new CommentRetracted(cid, "p1", m3));
        feed(cid, OBSERVER, new CommentAdded(cid, "p1", m4, "observer", null, "Off topic", null));
        feed(cid, SECRETARIAT, new CommentHidden(cid, "p1", m4, "Off topic"));

        assertThat(consultation(cid).proposals())
                .extracting(ProposalSummary::id, ProposalSummary::commentCount)
                .containsExactly(tuple("p1", 3), tuple("p2", 1));
    }

    @Test
    void textsAsLongAsTheContractAllowsAreKeptInFull() {
        String cid = longestConsultationId();
        String title = text(200);
        String question = text(5000);
        String description = text(5000);
        String rationale = text(2000);
        String withdrawal = text(1999) + "!";
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, title, question, description, 1, null, null),
                new ProposalSubmitted(cid, "p1", text(200), text(5000), Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", text(199) + "!", text(5000), Proposer.ADMINISTRATION),
                new ProposalWithdrawn(cid, "p2", withdrawal));
        feed(cid, CHAIR, new VotingOpened(cid, 3, 2), new VotingClosed(cid, 0, 0, 2, false),
                new DecisionRecorded(cid, List.of("p1"), rationale));
        String cancelled = longestConsultationId();
        String cancellation = text(2000);
        feed(cancelled, SECRETARIAT, created(cancelled), new ConsultationCancelled(cancelled, Phase.OPEN, cancellation));

        ConsultationDetail detail = consultation(cid);
        assertThat(cid).hasSize(64);
        assertThat(detail.title()).isEqualTo(title);
        assertThat(detail.question()).isEqualTo(question);
        assertThat(detail.description()).isEqualTo(description);
        assertThat(detail.decision().rationale()).isEqualTo(rationale);
        assertThat(detail.proposals().get(1).withdrawalReason()).isEqualTo(withdrawal);
        assertThat(listed(cid).title()).isEqualTo(title);
        assertThat(consultation(cancelled).cancellationReason()).isEqualTo(cancellation);
    }

    @Test
    void theDeclaredProcedureRuleAndTieBreakAreShownAndARunoffMovesToTheNextRound() {
        String cid = newConsultationId("declared");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Theme", "Which theme?", null, 1, null, null,
                        Procedure.SILENCE, MajorityRule.TWO_THIRDS, TieBreak.RUNOFF, Procedure.RECORDED_VOTE),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));

        ConsultationDetail declared = consultation(cid);
        assertThat(declared).extracting(ConsultationDetail::procedure, ConsultationDetail::majority,
                        ConsultationDetail::tieBreak, ConsultationDetail::fallback, ConsultationDetail::round)
                .containsExactly(Procedure.SILENCE, MajorityRule.TWO_THIRDS, TieBreak.RUNOFF,
                        Procedure.RECORDED_VOTE, 1);

        feed(cid, CHAIR, new VotingOpened(cid, 10, 6), new VotingClosed(cid, 6, 0, 6, true),
                new RunoffOpened(cid, 2, List.of("p1"), List.of(), 9, 5));
        assertThat(consultation(cid)).extracting(ConsultationDetail::phase, ConsultationDetail::round,
                ConsultationDetail::quorum).containsExactly(Phase.VOTING, 2, 5);
    }

    @Test
    void aRunoffLeavesTheFirstRoundsClosingInstantBehind() {
        String cid = newConsultationId("runoff-close");
        Instant closes = Instant.parse("2026-05-04T08:00:00Z");
        feed(cid, SECRETARIAT, created(cid), new ConsultationScheduled(cid, new Schedule(null, null, closes)));
        feed(cid, CHAIR, new VotingOpened(cid, 10, 6), new VotingClosed(cid, 6, 0, 6, true),
                new RunoffOpened(cid, 2, List.of("p1"), List.of(), 9, 5));

        assertThat(consultation(cid).schedule().votingClosesAt()).isNull();
    }

    @Test
    void aConsultationCreatedBeforeTheDeclarationsIsARecordedVoteByPluralityTheChairBreakingTies() {
        String cid = newConsultationId("undeclared");
        feed(cid, SECRETARIAT, created(cid));

        assertThat(consultation(cid)).extracting(ConsultationDetail::procedure, ConsultationDetail::majority,
                        ConsultationDetail::tieBreak, ConsultationDetail::fallback, ConsultationDetail::round)
                .containsExactly(Procedure.RECORDED_VOTE, MajorityRule.PLURALITY, TieBreak.CHAIR, null, 1);
    }

    @Test
    void anUnknownConsultationIsNotFound() {
        assertThat(findConsultation(newConsultationId("unknown"))).isEmpty();
    }

    @Test
    void theDetailShowsTheScheduleAsLastChangedAndWhetherTheSystemClosedComments() {
        String cid = newConsultationId("scheduled");
        Instant opens = Instant.parse("2026-05-04T08:00:00Z");
        feed(cid, SECRETARIAT, created(cid));
        assertThat(consultation(cid).schedule()).isEqualTo(new ScheduleView(null, null, null, false));

        feed(cid, SECRETARIAT, new ConsultationScheduled(cid, new Schedule(opens.minusSeconds(60), opens, null)));
        feed(cid, CHAIR, new ConsultationScheduled(cid, new Schedule(opens.minusSeconds(60), opens,
                opens.plusSeconds(3600))));
        feed(cid, Actor.SYSTEM, new CommentsClosed(cid));

        assertThat(consultation(cid).schedule()).isEqualTo(new ScheduleView(opens.minusSeconds(60), opens,
                opens.plusSeconds(3600), true));
    }

    @Test
    void everyReaderSeesEachDraftItsDeadlineAndEachBreakOfSilenceWithItsReason() {
        String cid = newConsultationId("silence");
        Instant deadline = Instant.parse("2026-06-01T16:00:00Z");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Theme", "Which theme?", null, 1, null, null,
                Procedure.SILENCE, null, null, Procedure.RECORDED_VOTE),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary 1", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Migration and Social Change", "Summary 2", Proposer.ADMINISTRATION));
        assertThat(consultation(cid).circulation()).isNull();

        Instant circulatedAt = feed(cid, CHAIR, new DraftCirculated(cid, 1, List.of("p1"), "Draft one.", deadline));
        assertThat(consultation(cid).phase()).isEqualTo(Phase.CIRCULATED);
        assertThat(consultation(cid).circulation()).isEqualTo(new CirculationView(1, List.of("p1"), "Draft one.",
                deadline, circulatedAt, List.of()));

        Instant phlAt = feed(cid, delegate("PHL"), new SilenceBroken(cid, 1, "PHL", "Our capital objects."));
        Instant braAt = feed(cid, delegate("BRA"), new SilenceBroken(cid, 1, "BRA", "So do we."));
        assertThat(consultation(cid).phase()).isEqualTo(Phase.SILENCE_BROKEN);
        assertThat(consultation(cid).circulation().breaks()).containsExactly(
                new SilenceBreak("PHL", "Our capital objects.", phlAt), new SilenceBreak("BRA", "So do we.", braAt));

        Instant again = feed(cid, CHAIR, new DraftCirculated(cid, 2, List.of("p2"), "Draft two.",
                deadline.plusSeconds(86_400)));
        feed(cid, Actor.SYSTEM, new DecisionRecorded(cid, List.of("p2"), null));

        ConsultationDetail decided = consultation(cid);
        assertThat(decided.phase()).isEqualTo(Phase.DECIDED);
        assertThat(decided.decision().decidedBy()).isEqualTo("system");
        assertThat(decided.circulation()).isEqualTo(new CirculationView(2, List.of("p2"), "Draft two.",
                deadline.plusSeconds(86_400), again, List.of()));
        assertThat(decided.earlierCirculations()).extracting(CirculationView::number, CirculationView::text,
                        view -> view.breaks().size())
                .containsExactly(tuple(1, "Draft one.", 2));
    }
}
