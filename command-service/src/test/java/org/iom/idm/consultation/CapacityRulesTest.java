package org.iom.idm.consultation;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.iom.idm.actor.Actor;
import org.iom.idm.ballot.BallotCommands.CastBallot;
import org.iom.idm.consultation.ConsultationCommands.BreakSilence;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DraftCirculated;
import org.iom.idm.consultation.ConsultationEvent.SilenceBroken;
import org.iom.idm.consultation.ConsultationFixtures.Consultations;
import org.iom.idm.consultation.ConsultationFixtures.MemberStates;
import org.iom.idm.consultation.ConsultationFixtures.Roster;
import org.iom.idm.membership.Capacity;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.ProposalCommands.AddComment;
import org.iom.idm.proposal.ProposalCommands.AmendProposal;
import org.iom.idm.proposal.ProposalCommands.SubmitProposal;
import org.iom.idm.proposal.ProposalCommands.WithdrawProposal;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.hamcrest.Matchers.contains;
import static org.iom.idm.consultation.ConsultationFixtures.BRA;
import static org.iom.idm.consultation.ConsultationFixtures.CONSULTATION;
import static org.iom.idm.consultation.ConsultationFixtures.PHL;
import static org.iom.idm.consultation.ConsultationFixtures.PHL_ALTERNATE;
import static org.iom.idm.consultation.ConsultationFixtures.consultationFixture;
import static org.iom.idm.consultation.ConsultationFixtures.history;
import static org.iom.idm.consultation.ConsultationFixtures.roster;
import static org.iom.idm.consultation.ConsultationFixtures.submitted;
import static org.iom.idm.consultation.ConsultationFixtures.violation;
import static org.iom.idm.consultation.ConsultationFixtures.voted;
import static org.iom.idm.membership.VotingRights.ACTIVE;
import static org.iom.idm.rule.RefusalCode.FORBIDDEN;

/**
 * CONTRACT §9: a head of delegation and an alternate propose, cast and change their state's ballot and break
 * silence for it; an adviser reads and comments only; a person without a current accreditation reads only. Each
 * delegate command is judged against the roster as it stands, and its events record the capacity it acted in.
 */
class CapacityRulesTest {

    private static final Actor PHL_ADVISER = Actor.delegate("adviser-phl", "PHL", Capacity.ADVISER);
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final ProposalSubmitted SOUTH_SOUTH =
            submitted("south-south", "South-South Migration", Proposer.ADMINISTRATION);
    private static final ProposalSubmitted LABOUR = submitted("labour-mobility", "Labour Mobility", "PHL");

    @Test
    void aHeadAndAnAlternateCastTheirStatesBallotInTheirCapacity() {
        for (Actor delegate : List.of(PHL, PHL_ALTERNATE)) {
            fixture(roster()).given(history(Phase.VOTING, SOUTH_SOUTH, LABOUR))
                    .when(ballot(), delegate.toMetaData())
                    .expectEvents(voted("PHL", "south-south"))
                    .expectEventsMatching(actedAs(delegate.capacity()));
        }
    }

    @Test
    void anAlternateProposesAndBreaksSilenceForItsState() {
        fixture(roster()).given(history(Phase.OPEN, LABOUR))
                .when(new SubmitProposal(CONSULTATION, "climate", "Climate and Migration",
                        "Why Climate and Migration"),
                        PHL_ALTERNATE.toMetaData())
                .expectEvents(submitted("climate", "Climate and Migration", "PHL"))
                .expectEventsMatching(actedAs(Capacity.ALTERNATE));
        fixture(roster()).givenCurrentTime(NOW)
                .andGiven(circulating())
                .when(new BreakSilence(CONSULTATION, "Our capital asks for a vote."), PHL_ALTERNATE.toMetaData())
                .expectEvents(new SilenceBroken(CONSULTATION, 1, "PHL", "Our capital asks for a vote."))
                .expectEventsMatching(actedAs(Capacity.ALTERNATE));
    }

    @Test
    void anAdviserDoesNotVoteProposeOrBreakSilence() {
        Roster roster = roster().with(PHL_ADVISER);
        fixture(roster).given(history(Phase.VOTING, SOUTH_SOUTH, LABOUR))
                .when(ballot(), PHL_ADVISER.toMetaData())
                .expectException(violation(FORBIDDEN))
                .expectNoEvents();
        for (Object proposing : List.of(new SubmitProposal(CONSULTATION, null, "Climate and Migration", "Why"),
                new AmendProposal(CONSULTATION, "labour-mobility", "Labour Mobility in Asia", "Why"),
                new WithdrawProposal(CONSULTATION, "labour-mobility", "merged"))) {
            fixture(roster).given(history(Phase.OPEN, LABOUR))
                    .when(proposing, PHL_ADVISER.toMetaData())
                    .expectException(violation(FORBIDDEN))
                    .expectNoEvents();
        }
        fixture(roster).givenCurrentTime(NOW)
                .andGiven(circulating())
                .when(new BreakSilence(CONSULTATION, "Our capital asks for a vote."), PHL_ADVISER.toMetaData())
                .expectException(violation(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void anAdviserCommentsForItsState() {
        fixture(roster().with(PHL_ADVISER)).given(history(Phase.VOTING, SOUTH_SOUTH))
                .when(comment(), PHL_ADVISER.toMetaData())
                .expectEvents(new CommentAdded(CONSULTATION, "south-south", "c-1", "adviser-phl", "PHL",
                        "We support this.", null))
                .expectEventsMatching(actedAs(Capacity.ADVISER));
    }

    @Test
    void aWithdrawnAlternateNeitherVotesNorComments() {
        Roster withdrawn = roster().without(PHL_ALTERNATE);
        fixture(withdrawn).given(history(Phase.VOTING, SOUTH_SOUTH, LABOUR))
                .when(ballot(), PHL_ALTERNATE.toMetaData())
                .expectException(violation(FORBIDDEN))
                .expectNoEvents();
        fixture(withdrawn).given(history(Phase.VOTING, SOUTH_SOUTH, LABOUR))
                .when(comment(), PHL_ALTERNATE.toMetaData())
                .expectException(violation(FORBIDDEN))
                .expectNoEvents();
        fixture(withdrawn).given(history(Phase.OPEN, LABOUR))
                .when(new AmendProposal(CONSULTATION, "labour-mobility", "Labour Mobility in Asia", "Why"),
                        PHL_ALTERNATE.toMetaData())
                .expectException(violation(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void aDelegateActsOnlyUnderTheAccreditationItHoldsNow() {
        Actor signedInAsHeadNowAnAdviser = Actor.delegate("delegate-phl", "PHL", Capacity.HEAD);
        Actor signedInForPhlNowForBra = Actor.delegate("delegate-bra", "PHL", Capacity.HEAD);
        Roster roster = roster().without(PHL).with(Actor.delegate("delegate-phl", "PHL", Capacity.ADVISER));
        for (Actor stale : List.of(signedInAsHeadNowAnAdviser, signedInForPhlNowForBra)) {
            fixture(roster).given(history(Phase.VOTING, SOUTH_SOUTH, LABOUR))
                    .when(ballot(), stale.toMetaData())
                    .expectException(violation(FORBIDDEN))
                    .expectNoEvents();
        }
        fixture(roster).given(history(Phase.VOTING, SOUTH_SOUTH, LABOUR))
                .when(new CastBallot(CONSULTATION, "BRA", List.of("south-south"), false, null), BRA.toMetaData())
                .expectEvents(voted("BRA", "south-south"));
    }

    private static FixtureConfiguration<Consultation> fixture(Roster roster) {
        return consultationFixture(new MemberStates().with("PHL", ACTIVE).with("BRA", ACTIVE), new Consultations(),
                roster);
    }

    private static CastBallot ballot() {
        return new CastBallot(CONSULTATION, "PHL", List.of("south-south"), false, null);
    }

    private static AddComment comment() {
        return new AddComment(CONSULTATION, "south-south", "c-1", "We support this.", null);
    }

    /** A consultation by silence procedure whose first draft circulates until a day from {@link #NOW}. */
    private static List<Object> circulating() {
        return List.of(new ConsultationCreated(CONSULTATION, "Overarching theme for IDM 2010",
                        "Which overarching theme for IDM 2010?", null, 1, null, null, Procedure.SILENCE, null, null,
                        null), SOUTH_SOUTH,
                new DraftCirculated(CONSULTATION, 1, List.of("south-south"), "South-South Migration",
                        NOW.plus(Duration.ofDays(1))));
    }

    /** The one event published records that its actor acted in {@code capacity}. */
    private static Matcher<List<EventMessage<?>>> actedAs(Capacity capacity) {
        Matcher<Iterable<? extends Object>> capacities = contains((Object) capacity.name());
        return new FeatureMatcher<List<EventMessage<?>>, Iterable<? extends Object>>(capacities,
                "events whose actors acted as", "capacities") {
            @Override
            protected Iterable<? extends Object> featureValueOf(List<EventMessage<?>> events) {
                return events.stream().map(event -> event.getMetaData().get(Actor.CAPACITY)).toList();
            }
        };
    }
}
