package org.iom.idm.readmodel;

import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
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
import org.iom.idm.consultation.MajorityRule;
import org.iom.idm.consultation.Phase;
import org.iom.idm.consultation.Procedure;
import org.iom.idm.consultation.Schedule;
import org.iom.idm.consultation.TieBreak;
import org.iom.idm.membership.Capacity;
import org.iom.idm.membership.MembershipEvent.AccreditationWithdrawn;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsReinstated;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.CommentEvent.CommentRetracted;
import org.iom.idm.proposal.ProposalEvent.ProposalAmended;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.Proposer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.iom.idm.readmodel.AbstractProjectionTest.CHAIR;
import static org.iom.idm.readmodel.AbstractProjectionTest.OBSERVER;
import static org.iom.idm.readmodel.AbstractProjectionTest.SECRETARIAT;
import static org.iom.idm.readmodel.AbstractProjectionTest.commentId;
import static org.iom.idm.readmodel.AbstractProjectionTest.delegate;
import static org.iom.idm.readmodel.AbstractProjectionTest.newConsultationId;
import static org.iom.idm.readmodel.AbstractProjectionTest.newMemberStateCode;

/**
 * A history with something in every read-model table and every kind of event the projections handle, fed through
 * the processors as the command service would append it: member states registered, suspended, reinstated and
 * accredited; a consultation decided after amendments, withdrawals and every fate of a comment; one cancelled while
 * voting; a silence procedure broken and circulated again on a schedule; and a runoff decided by a simple majority
 * with explanations of vote.
 */
final class RichHistory {

    /** The consultation taken to a decision. */
    final String decided;

    private RichHistory(String decided) {
        this.decided = decided;
    }

    static RichHistory feed(AbstractProjectionTest test) {
        memberStates(test);
        String decided = decided(test);
        cancelled(test, decided);
        silenceProcedure(test);
        runoff(test);
        return new RichHistory(decided);
    }

    private static void memberStates(AbstractProjectionTest test) {
        String suspended = newMemberStateCode();
        String reinstated = newMemberStateCode();
        test.feedMemberState(suspended, new MemberStateRegistered(suspended, "Suspendia"),
                new VotingRightsSuspended(suspended, "Arrears"));
        test.feedMemberState(reinstated, new MemberStateRegistered(reinstated, "Reinstatia"),
                new VotingRightsSuspended(reinstated, "Arrears"), new VotingRightsReinstated(reinstated));
        test.feedMemberState(suspended, new DelegateAccredited(suspended, "head-of-" + suspended, Capacity.HEAD),
                new DelegateAccredited(suspended, "adviser-of-" + suspended, Capacity.ADVISER),
                new AccreditationWithdrawn(suspended, "adviser-of-" + suspended, Capacity.ADVISER, "Recalled"));
    }

    private static String decided(AbstractProjectionTest test) {
        String theme = newConsultationId("rebuild-theme");
        String m1 = commentId(theme, "m1");
        String m2 = commentId(theme, "m2");
        String m3 = commentId(theme, "m3");
        String m4 = commentId(theme, "m4");
        test.feed(theme, SECRETARIAT, new ConsultationCreated(theme, "Overarching theme", "Which theme?",
                        "Description", 1, null, null),
                new ProposalSubmitted(theme, "p1", "South-South Migration", "Summary 1", Proposer.ADMINISTRATION),
                new ProposalSubmitted(theme, "p2", "Migration and Social Change", "Summary 2",
                        Proposer.ADMINISTRATION));
        test.feed(theme, delegate("PHL"), new ProposalSubmitted(theme, "p3", "Diaspora", "Summary 3", "PHL"),
                new ProposalAmended(theme, "p3", 2, "Diasporas in development", "Summary 3, amended"),
                new CommentAdded(theme, "p1", m1, "delegate-phl", "PHL", "Support", null),
                new CommentEdited(theme, "p1", m1, "Strong support"));
        test.feed(theme, delegate("MEX"), new ProposalSubmitted(theme, "p4", "Climate", "Summary 4", "MEX"),
                new ProposalWithdrawn(theme, "p4", "Merged into p2"),
                new CommentAdded(theme, "p1", m2, "delegate-mex", "MEX", "Agreed", m1),
                new CommentAdded(theme, "p1", m3, "delegate-mex", "MEX", "On second thoughts", m1),
                new CommentRetracted(theme, "p1", m3));
        test.feed(theme, OBSERVER, new CommentAdded(theme, "p2", m4, "observer", null, "Spam", null));
        test.feed(theme, SECRETARIAT, new CommentHidden(theme, "p2", m4, "Spam"));
        test.feed(theme, CHAIR, new VotingOpened(theme, 4, 3));
        test.feed(theme, delegate("PHL"), new BallotCast(theme, "PHL", List.of("p1"), false));
        test.feed(theme, delegate("MEX"), new BallotCast(theme, "MEX", List.of("p2"), false),
                new BallotChanged(theme, "MEX", List.of("p1"), false));
        test.feed(theme, delegate("SEN"), new BallotCast(theme, "SEN", List.of(), true));
        test.feed(theme, CHAIR, new VotingClosed(theme, 3, 1, 3, true), new DecisionRecorded(theme, List.of("p1"),
                null));
        return theme;
    }

    private static void cancelled(AbstractProjectionTest test, String parent) {
        String workshops = newConsultationId("rebuild-workshops");
        test.feed(workshops, SECRETARIAT, new ConsultationCreated(workshops, "Workshop topics", "Which two?", null, 2,
                        5, parent),
                new ProposalSubmitted(workshops, "w1", "Topic one", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(workshops, "w2", "Topic two", "Summary", Proposer.ADMINISTRATION));
        test.feed(workshops, CHAIR, new VotingOpened(workshops, 4, 5));
        test.feed(workshops, delegate("PHL"), new BallotCast(workshops, "PHL", List.of("w2", "w1"), false));
        test.feed(workshops, SECRETARIAT, new ConsultationCancelled(workshops, Phase.VOTING, "Postponed"));
    }

    private static void silenceProcedure(AbstractProjectionTest test) {
        String silence = newConsultationId("rebuild-silence");
        Schedule schedule = new Schedule(test.nextEventTime().plus(Duration.ofDays(1)),
                test.nextEventTime().plus(Duration.ofDays(2)), test.nextEventTime().plus(Duration.ofDays(3)));
        test.feed(silence, SECRETARIAT, new ConsultationCreated(silence, "Silence procedure", "Agreed?", null, 1,
                        null, null, Procedure.SILENCE, MajorityRule.PLURALITY, TieBreak.CHAIR,
                        Procedure.RECORDED_VOTE),
                new ConsultationScheduled(silence, schedule),
                new ProposalSubmitted(silence, "s1", "Draft theme", "Summary", Proposer.ADMINISTRATION));
        test.feed(silence, CHAIR, new CommentsClosed(silence), new DraftCirculated(silence, 1, List.of("s1"),
                "The draft decision", test.nextEventTime().plus(Duration.ofDays(5))));
        test.feed(silence, delegate("KEN"), new SilenceBroken(silence, 1, "KEN", "Not yet"));
        test.feed(silence, CHAIR, new DraftCirculated(silence, 2, List.of("s1"), "The revised draft",
                test.nextEventTime().plus(Duration.ofDays(9))));
    }

    private static void runoff(AbstractProjectionTest test) {
        String runoff = newConsultationId("rebuild-runoff");
        test.feed(runoff, SECRETARIAT, new ConsultationCreated(runoff, "Runoff", "Which one?", null, 1, 2, null,
                        Procedure.RECORDED_VOTE, MajorityRule.SIMPLE, TieBreak.RUNOFF, null),
                new ProposalSubmitted(runoff, "r1", "First", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(runoff, "r2", "Second", "Summary", Proposer.ADMINISTRATION));
        test.feed(runoff, CHAIR, new VotingOpened(runoff, 3, 2));
        test.feed(runoff, delegate("PHL"), new BallotCast(runoff, "PHL", List.of("r1"), false, "Our reasons",
                Map.of("r1", 1)));
        test.feed(runoff, delegate("MEX"), new BallotCast(runoff, "MEX", List.of("r2"), false, null,
                Map.of("r2", 1)));
        test.feed(runoff, CHAIR, new VotingClosed(runoff, 2, 0, 2, true),
                new RunoffOpened(runoff, 2, List.of("r1", "r2"), List.of(), 3, 2));
        test.feed(runoff, delegate("PHL"), new BallotCast(runoff, "PHL", List.of("r1"), false, 2));
        test.feed(runoff, delegate("MEX"), new BallotCast(runoff, "MEX", List.of("r2"), false, 2),
                new BallotChanged(runoff, "MEX", List.of("r1"), false, 2));
        test.feed(runoff, CHAIR, new VotingClosed(runoff, 2, 0, 2, true),
                new DecisionRecorded(runoff, List.of("r1"), "Adopted in the runoff"));
    }
}
