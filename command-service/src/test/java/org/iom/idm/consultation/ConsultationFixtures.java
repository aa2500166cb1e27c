package org.iom.idm.consultation;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.hamcrest.Matcher;
import org.iom.idm.CommandServiceApplication;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotEvent;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationCommands.RecordDecision;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.rule.RefusalCode;
import org.iom.idm.rule.RuleRefused;
import org.iom.idm.membership.Accreditation;
import org.iom.idm.membership.AccreditationRoster;
import org.iom.idm.membership.Capacity;
import org.iom.idm.membership.VotingRights;
import org.iom.idm.membership.VotingRightsRegister;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** Actors, given events and in-memory resources shared by the aggregate rule tests. */
public final class ConsultationFixtures {

    public static final Actor SECRETARIAT = Actor.of("secretariat", Role.SECRETARIAT);
    public static final Actor CHAIR = Actor.of("chair", Role.CHAIR);
    public static final Actor OBSERVER = Actor.of("observer", Role.OBSERVER);
    public static final Actor PHL = delegate("PHL");
    public static final Actor BRA = delegate("BRA");
    /** A second person of PHL's delegation. */
    public static final Actor PHL_ALTERNATE = Actor.delegate("alternate-phl", "PHL", Capacity.ALTERNATE);

    static final String CONSULTATION = "idm-2010-theme";

    private ConsultationFixtures() {
    }

    /** Matches a {@link RuleRefused} carrying {@code code}. */
    public static Matcher<RuleRefused> violation(RefusalCode code) {
        return new FeatureMatcher<>(equalTo(code), "a refusal with code", "code") {
            @Override
            protected RefusalCode featureValueOf(RuleRefused actual) {
                return actual.code();
            }
        };
    }

    /** The head of {@code state}'s delegation, as {@link #roster()} accredits it for the states the tests use. */
    public static Actor delegate(String state) {
        return Actor.delegate("delegate-" + state.toLowerCase(Locale.ROOT), state, Capacity.HEAD);
    }

    /** The accreditations the rule tests act under: the heads of the states they use, and PHL's alternate. */
    public static Roster roster() {
        Roster roster = new Roster().with(PHL_ALTERNATE);
        Stream.of("PHL", "BRA", "MEX", "ARG", "VEN", "ATL").forEach(state -> roster.with(delegate(state)));
        return roster;
    }

    static CommandMessage<?> as(Actor actor, Object command) {
        return GenericCommandMessage.asCommandMessage(command).andMetaData(actor.toMetaData());
    }

    /** A deadline named {@code name} whose message names the system as the actor. */
    static Matcher<DeadlineMessage<?>> actedBySystem(String name) {
        return allOf(new FeatureMatcher<DeadlineMessage<?>, String>(equalTo(name), "a deadline named", "name") {
            @Override
            protected String featureValueOf(DeadlineMessage<?> actual) {
                return actual.getDeadlineName();
            }
        }, new FeatureMatcher<DeadlineMessage<?>, Actor>(equalTo(Actor.SYSTEM), "acted by", "actor") {
            @Override
            protected Actor featureValueOf(DeadlineMessage<?> actual) {
                return Actor.fromMetaData(actual.getMetaData());
            }
        });
    }

    /** A refusal with {@code code} naming {@code field}. */
    public static Matcher<RuleRefused> refusal(RefusalCode code, String field) {
        return allOf(violation(code), new FeatureMatcher<RuleRefused, List<String>>(contains(field),
                "a refusal naming", "fields") {
            @Override
            protected List<String> featureValueOf(RuleRefused actual) {
                return actual.fields();
            }
        });
    }

    static FixtureConfiguration<Consultation> consultationFixture() {
        return consultationFixture(new MemberStates(), new Consultations());
    }

    static FixtureConfiguration<Consultation> consultationFixture(MemberStates memberStates,
                                                                  Consultations consultations) {
        return consultationFixture(memberStates, consultations, roster());
    }

    /** Its events carry who acted, as the service's events do (the service's correlation of metadata). */
    static FixtureConfiguration<Consultation> consultationFixture(MemberStates memberStates,
                                                                  Consultations consultations, Roster roster) {
        return new AggregateTestFixture<>(Consultation.class)
                .registerInjectableResource(memberStates)
                .registerInjectableResource(consultations)
                .registerInjectableResource(roster)
                .registerCommandHandlerInterceptor(
                        new CorrelationDataInterceptor<>(CommandServiceApplication.actorCorrelation()));
    }

    static ConsultationCreated created() {
        return created(1, null);
    }

    static ConsultationCreated created(int selectCount, Integer quorum) {
        return new ConsultationCreated(CONSULTATION, "Overarching theme for IDM 2010",
                "Which overarching theme for IDM 2010?", null, selectCount, quorum, null);
    }

    static ProposalSubmitted submitted(String proposalId, String title, String proposer) {
        return new ProposalSubmitted(CONSULTATION, proposalId, title, "Why " + title, proposer);
    }

    static ProposalWithdrawn withdrawn(String proposalId) {
        return new ProposalWithdrawn(CONSULTATION, proposalId, "merged into another proposal");
    }

    static VotingOpened votingOpened(int eligible, int quorum) {
        return new VotingOpened(CONSULTATION, eligible, quorum);
    }

    static VotingClosed votingClosed(int ballotsCast, int abstentions, int quorum, boolean quorumMet) {
        return new VotingClosed(CONSULTATION, ballotsCast, abstentions, quorum, quorumMet);
    }

    /** A ballot for proposals none of which was amended: each at version 1. */
    static BallotCast voted(String memberState, String... choices) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        Arrays.stream(choices).forEach(choice -> versions.put(choice, 1));
        return new BallotCast(CONSULTATION, memberState, List.of(choices), false, null, versions);
    }

    static BallotCast abstained(String memberState) {
        return new BallotCast(CONSULTATION, memberState, List.of(), true, null, Map.of());
    }

    /** The ballot with {@code explanation} as its explanation of vote. */
    static BallotCast explained(BallotCast ballot, String explanation) {
        return new BallotCast(CONSULTATION, ballot.memberState(), ballot.choices(), ballot.abstain(), explanation,
                ballot.versions(), ballot.round());
    }

    static BallotChanged changed(BallotCast ballot) {
        return new BallotChanged(CONSULTATION, ballot.memberState(), ballot.choices(), ballot.abstain(),
                ballot.explanation(), ballot.versions(), ballot.round());
    }

    /**
     * {@code opening} (the creation, proposals, voting opened), then the ballots, then voting closed with the
     * latest ballot of each state counted against {@code quorum}.
     */
    static List<Object> closedAfter(List<Object> opening, int quorum, BallotEvent... ballots) {
        Map<String, BallotEvent> latest = new HashMap<>();
        for (BallotEvent ballot : ballots) {
            latest.put(ballot.memberState(), ballot);
        }
        int abstentions = (int) latest.values().stream().filter(BallotEvent::abstain).count();
        List<Object> events = new ArrayList<>(opening);
        events.addAll(List.of(ballots));
        events.add(votingClosed(latest.size(), abstentions, quorum, latest.size() >= quorum));
        return events;
    }

    static RecordDecision decide(String rationale, String... selected) {
        return new RecordDecision(CONSULTATION, List.of(selected), rationale);
    }

    static DecisionRecorded decided(String rationale, String... selected) {
        return new DecisionRecorded(CONSULTATION, List.of(selected), rationale);
    }

    static ConsultationCancelled cancelled(Phase from) {
        return new ConsultationCancelled(CONSULTATION, from, "postponed");
    }

    /**
     * The consultation's events from creation until it reached {@code phase}, with {@code openPhaseEvents}
     * happening while it was open; a decided consultation selected the first proposal submitted.
     */
    static List<Object> history(Phase phase, Object... openPhaseEvents) {
        List<Object> events = new ArrayList<>();
        events.add(created());
        events.addAll(Arrays.asList(openPhaseEvents));
        if (phase == Phase.CANCELLED) {
            events.add(cancelled(Phase.OPEN));
            return events;
        }
        if (phase.compareTo(Phase.VOTING) >= 0) {
            events.add(votingOpened(3, 2));
        }
        if (phase.compareTo(Phase.CLOSED) >= 0) {
            events.add(votingClosed(0, 0, 2, false));
        }
        if (phase == Phase.DECIDED) {
            String first = Arrays.stream(openPhaseEvents)
                    .filter(ProposalSubmitted.class::isInstance)
                    .map(event -> ((ProposalSubmitted) event).proposalId())
                    .findFirst()
                    .orElseThrow();
            events.add(new DecisionRecorded(CONSULTATION, List.of(first), "the quorum was not met"));
        }
        return events;
    }

    static final class MemberStates implements VotingRightsRegister {

        private final Map<String, VotingRights> rights = new HashMap<>();

        MemberStates with(String code, VotingRights votingRights) {
            rights.put(code, votingRights);
            return this;
        }

        @Override
        public Optional<VotingRights> votingRightsOf(String code) {
            return Optional.ofNullable(rights.get(code));
        }

        @Override
        public int countWithVotingRights() {
            return (int) rights.values().stream().filter(VotingRights.ACTIVE::equals).count();
        }
    }

    /** The accreditation roster in memory: each delegate accredited as its actor says. */
    public static final class Roster implements AccreditationRoster {

        private final Map<String, Accreditation> current = new HashMap<>();

        public Roster with(Actor delegate) {
            current.put(delegate.username(), new Accreditation(delegate.memberState(), delegate.capacity()));
            return this;
        }

        public Roster without(Actor delegate) {
            current.remove(delegate.username());
            return this;
        }

        @Override
        public Optional<Accreditation> accreditationOf(String user) {
            return Optional.ofNullable(current.get(user));
        }
    }

    static final class Consultations implements ConsultationPhases {

        private final Map<String, Phase> phases = new HashMap<>();

        Consultations with(String consultationId, Phase phase) {
            phases.put(consultationId, phase);
            return this;
        }

        @Override
        public Optional<Phase> phaseOf(String consultationId) {
            return Optional.ofNullable(phases.get(consultationId));
        }
    }
}
