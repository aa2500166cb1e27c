package org.iom.idm.audit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.iom.idm.actor.Actor;
import org.iom.idm.audit.AuditQueries.AuditEntry;
import org.iom.idm.audit.AuditQueries.AuditFilter;
import org.iom.idm.audit.AuditQueries.FindAuditEntries;
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
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail's read model, fed with events through the real event store and the "audit" processor: one
 * entry per event at its place in the store, its summary in plain words, and the hash chain.
 */
class AuditProjectionTest extends AbstractProjectionTest {

    private static final String SOUTH_SOUTH = "South-South Migration";
    private static final String SOCIAL_CHANGE = "Migration and Social Change";

    @Autowired
    private AuditVerifier verifier;
    @Autowired
    private MessageSource messages;

    /** Not one of the system's events: the audit records whatever the store holds. */
    record NoticePosted(String text) {
    }

    /** The other projections see these events too: none of them may fail on them. */
    @Override
    protected boolean failsOnEventHandlerErrors() {
        return true;
    }

    // ---- one entry per event, in the order of the store ----

    @Test
    void everyEventBecomesOneEntryAtItsPositionInTheStoreInOrder() {
        String cid = theme();
        feed(cid, CHAIR, new VotingOpened(cid, 186, 94));

        List<AuditEntry> entries = entriesOf(cid);

        assertThat(entries).extracting(AuditEntry::position).containsExactlyElementsOf(positionsInTheStore(cid));
        assertThat(entries).extracting(AuditEntry::type).containsExactly("ConsultationCreated", "ProposalSubmitted",
                "ProposalSubmitted", "VotingOpened");
        assertThat(count("audit_entry")).isEqualTo(count("domain_event_entry"));
    }

    @Test
    void anEntryRecordsWhoActedWhenInWhichRequestAndOnWhat() {
        String cid = theme();
        String philippines = memberState("Philippines");
        feed(cid, CHAIR, new VotingOpened(cid, 186, 94));
        Instant castAt = feed(cid, delegate(philippines), new BallotCast(cid, philippines, List.of("p1"), false));

        AuditEntry entry = only(cid, "BallotCast");

        EventMessage<?> stored = lastEventOf(cid);
        assertThat(entry.timestamp()).isEqualTo(castAt);
        assertThat(entry.actor()).isEqualTo(delegate(philippines).username());
        assertThat(entry.role()).isEqualTo("DELEGATE");
        assertThat(entry.memberState()).isEqualTo(philippines);
        assertThat(entry.correlationId()).isNotBlank().isEqualTo(stored.getMetaData().get(Actor.CORRELATION_ID));
        assertThat(entry.aggregateId()).isEqualTo(cid);
        assertThat(entry.consultationId()).isEqualTo(cid);
    }

    @Test
    void anEventOfAnyOtherTypeIsRecordedToo() {
        String stream = newConsultationId("notice");
        appendToConsultation(stream, SECRETARIAT, new NoticePosted("Office closed on Friday"));
        awaitProjections();

        AuditEntry entry = entryOf(stream);

        assertThat(entry.type()).isEqualTo("NoticePosted");
        assertThat(entry.consultationId()).isNull();
        assertThat(entry.summary()).isEqualTo("The secretariat (secretariat) recorded a NoticePosted event");
    }

    @Test
    void aFailingEventStopsTheAuditProcessorRatherThanBeingLeftOut() {
        assertThat(processing.listenerInvocationErrorHandler(AuditProjection.PROCESSING_GROUP))
                .isInstanceOf(PropagatingErrorHandler.class);
    }

    // ---- summaries ----

    @Test
    void theSecretariatCreatingAConsultationIsNamedByRoleAndUserName() {
        String cid = newConsultationId("audit-created");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Overarching theme for IDM 2010", "Which theme?", null, 1,
                null, null));

        assertThat(only(cid, "ConsultationCreated").summary())
                .isEqualTo("The secretariat (secretariat) created the consultation 'Overarching theme for IDM 2010'");
    }

    @Test
    void aProposalNamesItsProposerTheAdministrationOrAMemberState() {
        String cid = theme();
        String kenya = memberState("Kenya");
        feed(cid, delegate(kenya), new ProposalSubmitted(cid, "p3", "Labour mobility", "Why it matters", kenya));

        assertThat(entriesOf(cid)).filteredOn(entry -> entry.type().equals("ProposalSubmitted"))
                .extracting(AuditEntry::summary)
                .containsExactly("The Administration submitted the proposal 'South-South Migration'",
                        "The Administration submitted the proposal 'Migration and Social Change'",
                        "Kenya submitted the proposal 'Labour mobility'");
    }

    @Test
    void anAmendmentShowsTheProposalBeforeAndAfter() {
        String cid = theme();
        String philippines = memberState("Philippines");
        feed(cid, delegate(philippines), new ProposalSubmitted(cid, "p3", "Diaspora", "Diasporas matter", philippines),
                new ProposalAmended(cid, "p3", 2, "Diasporas in development", "Diasporas drive development"));

        AuditEntry amended = only(cid, "ProposalAmended");

        assertThat(amended.summary()).isEqualTo(delegate(philippines).username()
                + " (Philippines) amended the proposal 'Diaspora', now titled 'Diasporas in development' (version 2)");
        assertThat(amended.before()).isEqualTo("Title: Diaspora\nSummary: Diasporas matter");
        assertThat(amended.after()).isEqualTo("Title: Diasporas in development\nSummary: Diasporas drive development");
    }

    @Test
    void aCastBallotNamesTheStateAndItsChoiceOrItsAbstention() {
        String cid = votingTheme();
        String philippines = memberState("Philippines");
        String mexico = memberState("Mexico");
        feed(cid, delegate(philippines), new BallotCast(cid, philippines, List.of("p1"), false));
        feed(cid, delegate(mexico), new BallotCast(cid, mexico, List.of(), true));

        assertThat(entriesOf(cid)).filteredOn(entry -> entry.type().equals("BallotCast"))
                .extracting(AuditEntry::summary, AuditEntry::after)
                .containsExactly(
                        tuple("Philippines cast its ballot for 'South-South Migration'",
                                "'South-South Migration'"),
                        tuple("Mexico abstained", "abstention"));
    }

    @Test
    void aBallotChangeNamesTheStateAndTheProposalsBeforeAndAfter() {
        String cid = votingTheme();
        String philippines = memberState("Philippines");
        feed(cid, delegate(philippines), new BallotCast(cid, philippines, List.of("p1"), false),
                new BallotChanged(cid, philippines, List.of("p2"), false));

        AuditEntry change = only(cid, "BallotChanged");

        assertThat(change.summary()).isEqualTo(
                "Philippines changed its ballot from 'South-South Migration' to 'Migration and Social Change'");
        assertThat(change.before()).isEqualTo("'South-South Migration'");
        assertThat(change.after()).isEqualTo("'Migration and Social Change'");
    }

    @Test
    void aChangeToAnAbstentionSaysSo() {
        String cid = votingTheme();
        String mexico = memberState("Mexico");
        feed(cid, delegate(mexico), new BallotCast(cid, mexico, List.of("p1", "p2"), false),
                new BallotChanged(cid, mexico, List.of(), true));

        assertThat(only(cid, "BallotChanged").summary()).isEqualTo("Mexico changed its ballot from "
                + "'South-South Migration' and 'Migration and Social Change' to an abstention");
    }

    /** CONTRACT §8 rule 9: the trail says that a ballot is explained, never what the explanation says. */
    @Test
    void anExplainedBallotSaysSoWithoutTheExplanation() {
        String cid = votingTheme();
        String philippines = memberState("Philippines");
        String mexico = memberState("Mexico");
        feed(cid, delegate(philippines), new BallotCast(cid, philippines, List.of("p1"), false,
                "Sealed reasons of the Philippines", Map.of("p1", 1)));
        feed(cid, delegate(mexico), new BallotCast(cid, mexico, List.of(), true, "Sealed reasons of Mexico",
                Map.of()));

        assertThat(entriesOf(cid)).filteredOn(entry -> entry.type().equals("BallotCast"))
                .extracting(AuditEntry::summary, AuditEntry::after)
                .containsExactly(
                        tuple("Philippines cast its ballot for 'South-South Migration', with an explanation of vote",
                                "'South-South Migration'"),
                        tuple("Mexico abstained, with an explanation of vote", "abstention"));
        assertThat(entriesOf(cid)).allSatisfy(entry -> assertThat(Arrays.asList(entry.summary(), entry.before(),
                entry.after(), entry.narration())).noneMatch(text -> text != null && text.contains("Sealed reasons")));
    }

    @Test
    void aChangeOfTheExplanationAloneSaysWhetherItWasGivenChangedOrWithdrawn() {
        String cid = votingTheme();
        String philippines = memberState("Philippines");
        feed(cid, delegate(philippines), new BallotCast(cid, philippines, List.of("p1"), false),
                new BallotChanged(cid, philippines, List.of("p1"), false, "First reasons", Map.of("p1", 1)),
                new BallotChanged(cid, philippines, List.of("p1"), false, "Second reasons", Map.of("p1", 1)),
                new BallotChanged(cid, philippines, List.of("p1"), false, null, Map.of("p1", 1)),
                new BallotChanged(cid, philippines, List.of("p2"), false, "Third reasons", Map.of("p2", 1)));

        assertThat(entriesOf(cid)).filteredOn(entry -> entry.type().equals("BallotChanged"))
                .extracting(AuditEntry::summary, AuditEntry::before, AuditEntry::after)
                .containsExactly(
                        tuple("Philippines gave an explanation of vote", "'South-South Migration'",
                                "'South-South Migration'"),
                        tuple("Philippines changed its explanation of vote", "'South-South Migration'",
                                "'South-South Migration'"),
                        tuple("Philippines withdrew its explanation of vote", "'South-South Migration'",
                                "'South-South Migration'"),
                        tuple("Philippines changed its ballot from 'South-South Migration' to 'Migration and Social "
                                + "Change', with an explanation of vote", "'South-South Migration'",
                                "'Migration and Social Change'"));
    }

    @Test
    void theChairsStepsAreSummarisedWithTheirNumbersAndTheSelection() {
        String cid = votingTheme();
        feed(cid, CHAIR, new VotingClosed(cid, 120, 5, 94, true), new DecisionRecorded(cid, List.of("p1"), null));

        assertThat(only(cid, "VotingOpened").summary())
                .isEqualTo("The chair (chair) opened voting: 186 member states eligible, quorum 94");
        assertThat(only(cid, "VotingClosed").summary())
                .isEqualTo("The chair (chair) closed voting: 120 ballots cast (5 abstentions), quorum 94 met");
        AuditEntry decision = only(cid, "DecisionRecorded");
        assertThat(decision.summary()).isEqualTo("The chair (chair) recorded the decision: 'South-South Migration'");
        assertThat(decision.before()).isEqualTo("CLOSED");
        assertThat(decision.after()).isEqualTo("DECIDED");
    }

    @Test
    void aScheduleAndWhatTheSystemDoesAtItsInstantsAreNarratedWithTheSystemAsActor() {
        String cid = theme();
        Instant at = Instant.parse("2026-05-04T08:00:00Z");
        feed(cid, SECRETARIAT, new ConsultationScheduled(cid, new Schedule(at, at.plusSeconds(3600), null)));
        feed(cid, Actor.SYSTEM, new CommentsClosed(cid), new VotingOpened(cid, 186, 94));

        assertThat(only(cid, "ConsultationScheduled").summary()).isEqualTo("The secretariat (secretariat) set the "
                + "schedule of the consultation 'Overarching theme for " + cid + "': comments close at "
                + "2026-05-04T08:00:00Z and voting opens at 2026-05-04T09:00:00Z");
        AuditEntry closed = only(cid, "CommentsClosed");
        assertThat(closed.summary()).isEqualTo("The system (on schedule) closed comments on the consultation "
                + "'Overarching theme for " + cid + "'");
        assertThat(closed.actor()).isEqualTo("system");
        assertThat(closed.role()).isEqualTo("SYSTEM");
        assertThat(only(cid, "VotingOpened").summary())
                .isEqualTo("The system (on schedule) opened voting: 186 member states eligible, quorum 94");
    }

    @Test
    void aRunoffIsSaidWithItsRoundItsCandidatesAndItsElectorate() {
        String cid = votingTheme();
        feed(cid, CHAIR, new VotingClosed(cid, 120, 5, 94, true),
                new RunoffOpened(cid, 2, List.of("p1", "p2"), List.of(), 185, 93));

        AuditEntry runoff = only(cid, "RunoffOpened");
        assertThat(runoff.summary()).isEqualTo("The chair (chair) opened round 2 of voting among "
                + "'South-South Migration' and 'Migration and Social Change': 185 member states eligible, quorum 93");
        assertThat(runoff.before()).isEqualTo("CLOSED");
        assertThat(runoff.after()).isEqualTo("VOTING");
    }

    /**
     * CONTRACT §8 rule 8: each step of a silence procedure is narrated with its actor (the chair circulating, a
     * delegate breaking silence for its state, the system deciding at the deadline) and the phases it moves the
     * consultation between; a second break on the same draft leaves the phase as it was. The decision at the
     * deadline comes from CIRCULATED, not CLOSED.
     */
    @Test
    void eachStepOfTheSilenceProcedureIsNarratedWithItsActorAndThePhasesItMovesBetween() {
        String cid = theme(Procedure.SILENCE, null);
        String philippines = memberState("Philippines");
        String kenya = memberState("Kenya");
        feed(cid, CHAIR, new DraftCirculated(cid, 1, List.of("p1"), "The theme is South-South Migration.",
                Instant.parse("2026-04-01T10:00:00Z")));
        feed(cid, delegate(philippines), new SilenceBroken(cid, 1, philippines, "Too narrow"));
        feed(cid, delegate(kenya), new SilenceBroken(cid, 1, kenya, "We prefer social change"));
        feed(cid, CHAIR, new DraftCirculated(cid, 2, List.of("p2"), "The theme is Migration and Social Change.",
                Instant.parse("2026-04-15T10:00:00Z")));
        feed(cid, Actor.SYSTEM, new DecisionRecorded(cid, List.of("p2"), null));

        List<AuditEntry> silence = entriesOf(cid).stream().filter(entry -> entry.position() > only(cid,
                "ProposalSubmitted", 1).position()).toList();
        assertThat(silence).extracting(AuditEntry::actor, AuditEntry::summary, AuditEntry::before, AuditEntry::after)
                .containsExactly(
                        tuple("chair", "The chair (chair) circulated draft decision 1 under the silence procedure, "
                                + "selecting 'South-South Migration', deadline 2026-04-01T10:00:00Z; text: The theme "
                                + "is South-South Migration.", "OPEN", "CIRCULATED"),
                        tuple(delegate(philippines).username(), delegate(philippines).username()
                                + " (Philippines) broke silence on draft decision 1: Too narrow", "CIRCULATED",
                                "SILENCE_BROKEN"),
                        tuple(delegate(kenya).username(), delegate(kenya).username()
                                + " (Kenya) broke silence on draft decision 1: We prefer social change", null, null),
                        tuple("chair", "The chair (chair) circulated draft decision 2 under the silence procedure, "
                                + "selecting 'Migration and Social Change', deadline 2026-04-15T10:00:00Z; text: The "
                                + "theme is Migration and Social Change.", "SILENCE_BROKEN", "CIRCULATED"),
                        tuple("system", "The system (on schedule) recorded the decision: 'Migration and Social "
                                + "Change'; no member state broke silence before the deadline", "CIRCULATED",
                                "DECIDED"));
        assertThat(silence).extracting(entry -> french(entry)).containsExactly(
                "La présidence a diffusé le projet de décision 1 selon la procédure d'approbation tacite, retenant "
                        + "« South-South Migration », délai : 2026-04-01T10:00:00Z ; texte : The theme is "
                        + "South-South Migration. | Ouverte → Projet en circulation",
                "La délégation (Philippines) a rompu le silence sur le projet de décision 1 : Too narrow "
                        + "| Projet en circulation → Silence rompu",
                "La délégation (Kenya) a rompu le silence sur le projet de décision 1 : We prefer social change "
                        + "| null → null",
                "La présidence a diffusé le projet de décision 2 selon la procédure d'approbation tacite, retenant "
                        + "« Migration and Social Change », délai : 2026-04-15T10:00:00Z ; texte : The theme is "
                        + "Migration and Social Change. | Silence rompu → Projet en circulation",
                "Le système (à l'heure prévue) a consigné la décision : « Migration and Social Change » ; aucun "
                        + "État membre n'a rompu le silence avant le délai | Projet en circulation → Décidée");
    }

    /**
     * Rule 8: after a break, the fallback vote opens from SILENCE_BROKEN and the chair's decision after it comes
     * from CLOSED, as any vote's.
     */
    @Test
    void aFallbackVoteOpensFromSilenceBrokenAndItsDecisionComesFromClosed() {
        String cid = theme(Procedure.SILENCE, Procedure.RECORDED_VOTE);
        String mexico = memberState("Mexico");
        feed(cid, CHAIR, new DraftCirculated(cid, 1, List.of("p1"), "Draft", Instant.parse("2026-04-01T10:00:00Z")));
        feed(cid, delegate(mexico), new SilenceBroken(cid, 1, mexico, "We object"));
        feed(cid, CHAIR, new VotingOpened(cid, 186, 94), new VotingClosed(cid, 120, 5, 94, true),
                new DecisionRecorded(cid, List.of("p1"), null));

        assertThat(only(cid, "VotingOpened")).extracting(AuditEntry::before, AuditEntry::after)
                .containsExactly("SILENCE_BROKEN", "VOTING");
        AuditEntry decision = only(cid, "DecisionRecorded");
        assertThat(decision.summary()).isEqualTo("The chair (chair) recorded the decision: 'South-South Migration'");
        assertThat(decision).extracting(AuditEntry::before, AuditEntry::after).containsExactly("CLOSED", "DECIDED");
        assertThat(french(decision)).isEqualTo("La présidence a consigné la décision : « South-South Migration » "
                + "| Vote clos → Décidée");
    }

    /** Rule 8: a consultation may be cancelled while a draft circulates; the trail says from which phase. */
    @Test
    void aCancellationWhileADraftCirculatesSaysSo() {
        String cid = theme(Procedure.SILENCE, null);
        feed(cid, CHAIR, new DraftCirculated(cid, 1, List.of("p1"), "Draft", Instant.parse("2026-04-01T10:00:00Z")));
        feed(cid, SECRETARIAT, new ConsultationCancelled(cid, Phase.CIRCULATED, "Overtaken by events"));

        AuditEntry cancelled = only(cid, "ConsultationCancelled");
        assertThat(cancelled).extracting(AuditEntry::before, AuditEntry::after)
                .containsExactly("CIRCULATED", "CANCELLED");
        assertThat(french(cancelled)).endsWith("| Projet en circulation → Annulée");
    }

    /** CONTRACT §8: the procedure, fallback, majority rule and tie break a consultation declared at its creation. */
    @Test
    void aConsultationsCreationSaysWhatItDeclared() {
        String cid = newConsultationId("audit-declared");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Declared", "Which theme?", null, 1, null, null,
                Procedure.SILENCE, MajorityRule.SIMPLE, TieBreak.RUNOFF, Procedure.RECORDED_VOTE));

        AuditEntry created = only(cid, "ConsultationCreated");
        assertThat(created.summary()).isEqualTo("The secretariat (secretariat) created the consultation 'Declared', "
                + "declaring a silence procedure, a recorded vote as its fallback, a simple majority and ties broken "
                + "by a runoff");
        assertThat(french(created)).isEqualTo("Le Secrétariat a créé la consultation « Declared », en déclarant une "
                + "procédure d'approbation tacite, un vote enregistré comme procédure de repli, la majorité simple "
                + "et le départage par un tour supplémentaire | null → null");
    }

    @Test
    void aCommentEditShowsTheTextBeforeAndAfter() {
        String cid = theme();
        String kenya = memberState("Kenya");
        String comment = UUID.randomUUID().toString();
        feed(cid, delegate(kenya), new CommentAdded(cid, "p1", comment, delegate(kenya).username(), kenya, "Support",
                        null),
                new CommentEdited(cid, "p1", comment, "Strong support"));

        AuditEntry edit = only(cid, "CommentEdited");

        assertThat(edit.summary()).isEqualTo(delegate(kenya).username()
                + " (Kenya) edited a comment on the proposal 'South-South Migration'");
        assertThat(edit.before()).isEqualTo("Support");
        assertThat(edit.after()).isEqualTo("Strong support");
    }

    @Test
    void hidingACommentNamesItsAuthorAndTheReasonAndKeepsWhatWasHidden() {
        String cid = theme();
        String kenya = memberState("Kenya");
        String comment = UUID.randomUUID().toString();
        feed(cid, delegate(kenya), new CommentAdded(cid, "p2", comment, delegate(kenya).username(), kenya,
                "Buy cheap watches", null));
        feed(cid, SECRETARIAT, new CommentHidden(cid, "p2", comment, "advertising"));

        AuditEntry hidden = only(cid, "CommentHidden");

        assertThat(hidden.summary()).isEqualTo("The secretariat (secretariat) hid a comment by "
                + delegate(kenya).username() + " on the proposal 'Migration and Social Change': advertising");
        assertThat(hidden.before()).isEqualTo("Buy cheap watches");
        assertThat(hidden.after()).isNull();
    }

    @Test
    void aSuspensionNamesTheStateAndTheReasonAndBelongsToNoConsultation() {
        String chad = memberState("Chad");
        feedMemberState(chad, new VotingRightsSuspended(chad, "arrears"));

        AuditEntry suspension = entriesOfType("VotingRightsSuspended").stream()
                .filter(entry -> chad.equals(entry.aggregateId()))
                .findFirst()
                .orElseThrow();

        assertThat(suspension.summary()).isEqualTo("The secretariat (secretariat) suspended the voting rights of "
                + "Chad: arrears");
        assertThat(suspension.consultationId()).isNull();
        assertThat(suspension.before()).isEqualTo("ACTIVE");
        assertThat(suspension.after()).isEqualTo("SUSPENDED");
    }

    /**
     * CONTRACT §9: the secretariat accrediting a person and withdrawing the accreditation, each naming the person,
     * the state and the capacity, and the withdrawal its reason; the capacity is what changed.
     */
    @Test
    void anAccreditationAndItsWithdrawalNameThePersonTheStateAndTheCapacity() {
        String philippines = memberState("Philippines");
        feedMemberState(philippines, new DelegateAccredited(philippines, "delegate-phl", Capacity.HEAD),
                new AccreditationWithdrawn(philippines, "delegate-phl", Capacity.HEAD, "Recalled to the capital"));

        List<AuditEntry> roster = entries(AuditFilter.none()).stream()
                .filter(entry -> philippines.equals(entry.aggregateId()))
                .filter(entry -> !entry.type().equals("MemberStateRegistered"))
                .toList();

        assertThat(roster).extracting(AuditEntry::type, AuditEntry::actor, AuditEntry::consultationId,
                        AuditEntry::summary, AuditEntry::before, AuditEntry::after)
                .containsExactly(
                        tuple("DelegateAccredited", "secretariat", null, "The secretariat (secretariat) accredited "
                                + "delegate-phl to Philippines as head of delegation", null, "HEAD"),
                        tuple("AccreditationWithdrawn", "secretariat", null, "The secretariat (secretariat) withdrew "
                                + "the accreditation of delegate-phl to Philippines as head of delegation: Recalled "
                                + "to the capital", "HEAD", null));
        assertThat(roster).extracting(entry -> french(entry)).containsExactly(
                "Le Secrétariat a accrédité delegate-phl auprès de l'État membre Philippines en qualité de chef de "
                        + "délégation | null → Chef de délégation",
                "Le Secrétariat a retiré l'accréditation de delegate-phl auprès de l'État membre Philippines en "
                        + "qualité de chef de délégation : Recalled to the capital | Chef de délégation → null");
    }

    /**
     * The English summary is what the API and the export give and what the record keeps: every kind of event,
     * with its optional parts, in the words it has always had.
     */
    @Test
    void everyKindOfEventKeepsItsEnglishSummaryWithItsOptionalParts() {
        String parent = votingTheme();
        String kenya = memberState("Kenya");
        String cid = newConsultationId("audit-every-kind");
        String first = UUID.randomUUID().toString();
        String reply = UUID.randomUUID().toString();
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Workshop topics", "Which topics?", null, 2, 5, parent),
                new ProposalSubmitted(cid, "p1", SOUTH_SOUTH, "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", SOCIAL_CHANGE, "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p3", "Labour mobility", "Summary", Proposer.ADMINISTRATION));
        feed(cid, SECRETARIAT, new ProposalWithdrawn(cid, "p3", "merged into p2"));
        feed(cid, delegate(kenya), new CommentAdded(cid, "p1", first, delegate(kenya).username(), kenya, "Yes",
                null));
        feed(cid, CHAIR, new CommentAdded(cid, "p1", reply, "chair", null, "Noted", first),
                new CommentRetracted(cid, "p1", reply));
        feed(cid, CHAIR, new VotingOpened(cid, 1, 1));
        feed(cid, delegate(kenya), new BallotChanged(cid, kenya, List.of(), true));
        feed(cid, CHAIR, new VotingClosed(cid, 1, 1, 5, false),
                new DecisionRecorded(cid, List.of("p1", "p2"), "Quorum not met; both carry the debate"));
        String other = newConsultationId("audit-cancelled");
        feed(other, SECRETARIAT, new ConsultationCreated(other, "Second try", "Which?", null, 1, null, null),
                new ConsultationCancelled(other, Phase.OPEN, "Tabled by mistake"));
        feedMemberState(kenya, new VotingRightsSuspended(kenya, ""), new VotingRightsReinstated(kenya));

        assertThat(entriesOf(cid)).extracting(AuditEntry::summary).containsExactly(
                "The secretariat (secretariat) created the consultation 'Workshop topics' under 'Overarching theme "
                        + "for " + parent + "', to select 2 proposals, quorum 5",
                "The Administration submitted the proposal 'South-South Migration'",
                "The Administration submitted the proposal 'Migration and Social Change'",
                "The Administration submitted the proposal 'Labour mobility'",
                "The secretariat (secretariat) withdrew the proposal 'Labour mobility': merged into p2",
                delegate(kenya).username() + " (Kenya) commented on the proposal 'South-South Migration'",
                "The chair (chair) replied to a comment by " + delegate(kenya).username()
                        + " on the proposal 'South-South Migration'",
                "The chair (chair) retracted a comment on the proposal 'South-South Migration'",
                "The chair (chair) opened voting: 1 member state eligible, quorum 1",
                "Kenya changed its ballot to an abstention",
                "The chair (chair) closed voting: 1 ballot cast (1 abstention), quorum 5 not met",
                "The chair (chair) recorded the decision: 'South-South Migration' and 'Migration and Social Change'; "
                        + "rationale: Quorum not met; both carry the debate");
        assertThat(entriesOf(cid)).extracting(AuditEntry::before, AuditEntry::after).containsExactly(
                tuple(null, null),
                tuple(null, "Title: South-South Migration\nSummary: Summary"),
                tuple(null, "Title: Migration and Social Change\nSummary: Summary"),
                tuple(null, "Title: Labour mobility\nSummary: Summary"),
                tuple("ACTIVE", "WITHDRAWN"),
                tuple(null, "Yes"),
                tuple(null, "Noted"),
                tuple("Noted", null),
                tuple("OPEN", "VOTING"),
                tuple(null, "abstention"),
                tuple("VOTING", "CLOSED"),
                tuple("CLOSED", "DECIDED"));
        assertThat(entriesOf(other)).extracting(AuditEntry::summary, AuditEntry::before, AuditEntry::after)
                .containsExactly(
                        tuple("The secretariat (secretariat) created the consultation 'Second try'", null, null),
                        tuple("The secretariat (secretariat) cancelled the consultation 'Second try': Tabled by "
                                + "mistake", "OPEN", "CANCELLED"));
        assertThat(entriesOfType("MemberStateRegistered").stream().filter(entry -> kenya.equals(entry.aggregateId())))
                .extracting(AuditEntry::summary, AuditEntry::after)
                .containsExactly(tuple("The secretariat (secretariat) registered the member state Kenya (" + kenya
                        + ")", "ACTIVE"));
        assertThat(entries(AuditFilter.none()).stream().filter(entry -> kenya.equals(entry.aggregateId()))
                .filter(entry -> entry.type().startsWith("VotingRights")))
                .extracting(AuditEntry::summary, AuditEntry::before, AuditEntry::after)
                .containsExactly(
                        tuple("The secretariat (secretariat) suspended the voting rights of Kenya", "ACTIVE",
                                "SUSPENDED"),
                        tuple("The secretariat (secretariat) reinstated the voting rights of Kenya", "SUSPENDED",
                                "ACTIVE"));
    }

    // ---- the hash chain ----

    @Test
    void eachEntryLinksToTheHashOfTheEntryBeforeIt() {
        theme();

        List<AuditEntry> trail = entries(AuditFilter.none());

        assertThat(trail.get(0).previousHash()).isEqualTo(AuditHash.GENESIS);
        for (int i = 1; i < trail.size(); i++) {
            assertThat(trail.get(i).previousHash()).as("previous hash at %s", trail.get(i).position())
                    .isEqualTo(trail.get(i - 1).hash());
        }
        assertThat(trail).extracting(AuditEntry::hash).doesNotHaveDuplicates().allMatch(h -> h.matches("[0-9a-f]{64}"));
    }

    @Test
    void theChainCanBeRecomputedFromTheEventStoreAlone() {
        votingTheme();

        assertThat(chainOfTheTrail()).isEqualTo(chainRecomputedFromTheStore());
    }

    /**
     * The command service commits events in the order of their positions, so this cannot happen through it. Here
     * the store is written directly, out of order: the event with the lower global index commits after the
     * processor has sealed the one with the higher index. No sealed hash changes for it; it is left out of the
     * trail, and verification reports its position until the audit is rebuilt on purpose.
     */
    @Test
    void anEventCommittedBehindTheHeadChangesNoSealedHashAndVerificationReportsItsPosition() throws Exception {
        String slow = newMemberStateCode();
        String fast = newMemberStateCode();
        EventMessage<?> slowEvent = registration(slow, "Slowland");
        EventMessage<?> fastEvent = registration(fast, "Swiftland");
        CountDownLatch slowAppended = new CountDownLatch(1);
        CountDownLatch commitSlow = new CountDownLatch(1);
        ExecutorService committer = Executors.newSingleThreadExecutor();
        String sealed;
        try {
            Future<?> slowCommit = committer.submit(() -> transactionManager.executeInTransaction(() -> {
                eventStore.publish(slowEvent);
                slowAppended.countDown();
                awaitLatch(commitSlow);
            }));
            assertThat(slowAppended.await(10, TimeUnit.SECONDS)).isTrue();
            transactionManager.executeInTransaction(() -> eventStore.publish(fastEvent));
            awaitEntryOf(fastEvent);
            sealed = entryOf(fast).hash();

            commitSlow.countDown();
            slowCommit.get(10, TimeUnit.SECONDS);
        } finally {
            committer.shutdownNow();
        }
        EventMessage<?> after = registration(newMemberStateCode(), "Laterland");
        transactionManager.executeInTransaction(() -> eventStore.publish(after));
        awaitEntryOf(after);

        assertThat(entryOf(fast).hash()).as("the hash sealed before the late event").isEqualTo(sealed);
        assertThat(isAudited(slowEvent)).isFalse();
        assertThat(verifier.verify()).isEqualTo(new AuditVerifier.Verification(false,
                count("audit_entry") - 2, globalIndexOf(slowEvent)));

        StreamingEventProcessor audit = streamingProcessors().get(AuditProjection.PROCESSING_GROUP);
        audit.shutDown();
        audit.resetTokens();
        audit.start();
        awaitEntryOf(slowEvent);
        awaitProjections();
        assertThat(chainOfTheTrail()).isEqualTo(chainRecomputedFromTheStore());
        assertThat(verifier.verify().verified()).isTrue();
    }

    /**
     * The entries are written as the batch commits. When that fails, no event is to blame: none is parked, the
     * processor stops on the error and, once the cause is gone, records the batch as if nothing had happened.
     */
    @Test
    void aBatchWhoseEntriesCannotBeWrittenStopsTheAuditUntilTheyCan() {
        StreamingEventProcessor audit = streamingProcessors().get(AuditProjection.PROCESSING_GROUP);
        String code = newMemberStateCode();
        EventMessage<?> event = registration(code, "Blockland");
        audit.shutDown();
        transactionManager.executeInTransaction(() -> eventStore.publish(event));
        long position = globalIndexOf(event);
        // A row below every position that holds the event's id: the event's own entry cannot be written.
        db.sql("insert into audit_entry (event_position, event_id, recorded_at, event_type, summary, canonical, "
                        + "previous_hash, hash) "
                        + "values (-7, ?, current_timestamp, 'InTheWay', 'in the way', '{}', 'x', 'x')")
                .param(event.getIdentifier()).update();
        try {
            audit.start();
            await("the audit processor in error").atMost(PROCESSING_TIMEOUT)
                    .until(() -> projectionStatus(AuditProjection.PROCESSING_GROUP).error());
            assertThat(db.sql("select count(*) from audit_entry where event_position = ?").param(position)
                    .query(Long.class).single()).isZero();
            assertThat(projectionStatus(AuditProjection.PROCESSING_GROUP).parkedEvents()).isZero();
        } finally {
            db.sql("delete from audit_entry where event_position = -7").update();
        }

        awaitEntryOf(event);
        awaitProjections();
        assertThat(entryOf(code).position()).isEqualTo(position);
        assertThat(projectionStatus(AuditProjection.PROCESSING_GROUP).error()).isFalse();
        assertThat(chainOfTheTrail()).isEqualTo(chainRecomputedFromTheStore());
    }

    // ---- rebuilding ----

    @Test
    void aResetRebuildsTheEntriesAndTheLabelsFromTheEventsAlone() {
        String cid = votingTheme();
        String philippines = memberState("Philippines");
        feed(cid, delegate(philippines), new BallotCast(cid, philippines, List.of("p1"), false),
                new BallotChanged(cid, philippines, List.of("p2"), false));
        List<Map<String, Object>> entries = rows("select * from audit_entry order by event_position");
        List<Map<String, Object>> labels = rows("select * from audit_label order by kind, label_key");
        StreamingEventProcessor audit = streamingProcessors().get(AuditProjection.PROCESSING_GROUP);

        audit.shutDown();
        db.sql("update audit_label set label = 'stale'").update();
        db.sql("insert into audit_label (kind, label_key, label) values ('MEMBER_STATE', 'ZZZ', 'Nowhere')").update();
        db.sql("update audit_entry set summary = 'stale'").update();
        audit.resetTokens();
        audit.start();
        awaitProjections();

        assertThat(rows("select * from audit_label order by kind, label_key")).isEqualTo(labels);
        assertThat(rows("select * from audit_entry order by event_position")).isEqualTo(entries);
    }

    // ---- fixtures ----

    /** A consultation of the secretariat's with the Administration's two proposals, p1 and p2. */
    private String theme() {
        return theme(null, null);
    }

    /** The same, declaring {@code procedure} and {@code fallback} (null for none). */
    private String theme(Procedure procedure, Procedure fallback) {
        String cid = newConsultationId("audit");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Overarching theme for " + cid, "Which theme?", null, 1,
                        null, null, procedure, null, null, fallback),
                new ProposalSubmitted(cid, "p1", SOUTH_SOUTH, "South-South summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", SOCIAL_CHANGE, "Social change summary", Proposer.ADMINISTRATION));
        return cid;
    }

    private String votingTheme() {
        String cid = theme();
        feed(cid, CHAIR, new VotingOpened(cid, 186, 94));
        return cid;
    }

    /** A member state of its own for the test, registered under the given name. */
    private String memberState(String name) {
        String code = newMemberStateCode();
        feedMemberState(code, new MemberStateRegistered(code, name));
        return code;
    }

    private static EventMessage<?> registration(String code, String name) {
        Map<String, Object> metaData = new HashMap<>(SECRETARIAT.toMetaData());
        metaData.put(Actor.CORRELATION_ID, UUID.randomUUID().toString());
        return new GenericDomainEventMessage<>("MemberState", code, 0, new MemberStateRegistered(code, name), metaData);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- reading ----

    private List<AuditEntry> entries(AuditFilter filter) {
        return queryGateway.query(new FindAuditEntries(filter, 0, 100_000),
                ResponseTypes.multipleInstancesOf(AuditEntry.class)).join();
    }

    private List<AuditEntry> entriesOf(String consultationId) {
        return entries(new AuditFilter(consultationId, null, null, null, null, null));
    }

    private List<AuditEntry> entriesOfType(String type) {
        return entries(new AuditFilter(null, null, null, type, null, null));
    }

    private AuditEntry only(String consultationId, String type) {
        List<AuditEntry> entries = entries(new AuditFilter(consultationId, null, null, type, null, null));
        assertThat(entries).as("%s entries of %s", type, consultationId).hasSize(1);
        return entries.get(0);
    }

    /** The {@code index}th (from 0) of the consultation's entries of {@code type}. */
    private AuditEntry only(String consultationId, String type, int index) {
        return entries(new AuditFilter(consultationId, null, null, type, null, null)).get(index);
    }

    /** The entry's words in French, as the web UI says them: "summary | before → after". */
    private String french(AuditEntry entry) {
        AuditWords words = new AuditWords(messages);
        AuditNarrator.Narration narration = AuditWords.narration(entry.narration());
        return (words.sentence(narration.summary(), Locale.FRENCH) + " | " + words.say(narration.before(),
                Locale.FRENCH) + " → " + words.say(narration.after(), Locale.FRENCH))
                .replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    /** The one entry of an aggregate's stream. */
    private AuditEntry entryOf(String aggregateId) {
        List<AuditEntry> entries = entries(AuditFilter.none()).stream()
                .filter(entry -> aggregateId.equals(entry.aggregateId()))
                .toList();
        assertThat(entries).as("entries of %s", aggregateId).hasSize(1);
        return entries.get(0);
    }

    private List<Long> positionsInTheStore(String aggregateId) {
        return db.sql("select global_index from domain_event_entry where aggregate_identifier = ? order by global_index")
                .param(aggregateId)
                .query(Long.class)
                .list();
    }

    private long globalIndexOf(EventMessage<?> event) {
        return db.sql("select global_index from domain_event_entry where event_identifier = ?")
                .param(event.getIdentifier())
                .query(Long.class)
                .single();
    }

    private EventMessage<?> lastEventOf(String aggregateId) {
        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(aggregateId).asStream().toList();
        return events.get(events.size() - 1);
    }

    private boolean isAudited(EventMessage<?> event) {
        return db.sql("select count(*) from audit_entry where event_id = ?").param(event.getIdentifier())
                .query(Long.class).single() > 0;
    }

    private void awaitEntryOf(EventMessage<?> event) {
        await("audit entry of " + event.getPayload()).atMost(PROCESSING_TIMEOUT).until(() -> isAudited(event));
    }

    private long count(String table) {
        return db.sql("select count(*) from " + table).query(Long.class).single();
    }

    private List<Map<String, Object>> rows(String sql) {
        return db.sql(sql).query().listOfRows();
    }

    /** Position, previous hash and hash of every entry, in order. */
    private List<String> chainOfTheTrail() {
        return db.sql("select event_position, previous_hash, hash from audit_entry order by event_position")
                .query((rs, row) -> rs.getLong("event_position") + " " + rs.getString("previous_hash") + " "
                        + rs.getString("hash"))
                .list();
    }

    /** What a verifier computes: every event read from the store, from the start, chained with AuditHash. */
    private List<String> chainRecomputedFromTheStore() {
        long stored = count("domain_event_entry");
        List<String> chain = new ArrayList<>();
        String previousHash = AuditHash.GENESIS;
        try (BlockingStream<TrackedEventMessage<?>> events = eventStore.openStream(null)) {
            while (chain.size() < stored) {
                assertThat(events.hasNextAvailable(10, TimeUnit.SECONDS)).as("event %s of %s", chain.size(), stored)
                        .isTrue();
                TrackedEventMessage<?> event = events.nextAvailable();
                long position = event.trackingToken().position().orElseThrow();
                String hash = AuditHash.link(previousHash, AuditHash.canonical(position, event));
                chain.add(position + " " + previousHash + " " + hash);
                previousHash = hash;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return chain;
    }
}
