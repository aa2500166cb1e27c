package org.iom.idm.readmodel;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotQueries.Ballot;
import org.iom.idm.ballot.BallotQueries.FindBallot;
import org.iom.idm.ballot.BallotQueries.FindBallots;
import org.iom.idm.ballot.BallotQueries.FindTally;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationQueries.ConsultationDetail;
import org.iom.idm.consultation.ConsultationQueries.ConsultationSummary;
import org.iom.idm.consultation.ConsultationQueries.FindConsultation;
import org.iom.idm.consultation.ConsultationQueries.FindConsultations;
import org.iom.idm.membership.Capacity;
import org.iom.idm.membership.MemberStateQueries.FindMemberStates;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.proposal.ProposalQueries.FindProposal;
import org.iom.idm.proposal.ProposalQueries.ProposalDetail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.iom.idm.ui.CommandServiceStub;
import org.iom.kit.security.Delegations;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one context all projection tests share (Spring's context cache keeps it for the whole run): the query
 * service as it runs in the demo profile, on an in-memory database built by the real migrations plus the
 * command service's event store tables.
 *
 * <p>Events travel the real path: they are appended to the event store as the command service's aggregates
 * append them (domain event messages of the consultation's or the member state's stream, with the actor's
 * metadata and a timestamp), serialized by the configured serializer, read by the streaming processors, and
 * the read models are asked through the query gateway. {@link #feed} waits until the processors have handled
 * everything in the store (see {@link #processorsToAwait()}), so each test asserts a settled read model.
 *
 * <p>Every test uses its own consultation (and member state codes), so tests do not depend on one another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@ActiveProfiles({"demo", "projection-test"})
@Import({AbstractProjectionTest.HandlerErrors.class, PoisonedEvents.class, PoisonedAuditEvents.class,
        BusyProjection.class, ApiClient.class})
public abstract class AbstractProjectionTest {

    protected static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(20);

    /** The processing groups whose projections these tests cover (the audit trail is tested on its own). */
    protected static final List<String> PROCESSING_GROUPS = List.of(ReadModels.PROCESSING_GROUP);

    private static final List<String> PROJECTION_TEST_PACKAGES = List.of("org.iom.idm.consultation",
            "org.iom.idm.proposal", "org.iom.idm.ballot", "org.iom.idm.membership", "org.iom.idm.readmodel");

    protected static final Actor SECRETARIAT = Actor.of("secretariat", Role.SECRETARIAT);
    protected static final Actor CHAIR = Actor.of("chair", Role.CHAIR);
    protected static final Actor OBSERVER = Actor.of("observer", Role.OBSERVER);

    /** The processor of the tally notifier, which pushes each change of a tally to its subscribers. */
    private static final String TALLY_NOTIFICATIONS = "tally-notifications";

    private static final String CONSULTATION_AGGREGATE = "Consultation";
    private static final String MEMBER_STATE_AGGREGATE = "MemberState";
    private static final AtomicInteger MEMBER_STATE_CODES = new AtomicInteger();

    @Autowired
    protected EventStore eventStore;
    @Autowired
    protected TransactionManager transactionManager;
    @Autowired
    protected EventProcessingConfiguration processing;
    @Autowired
    protected QueryGateway queryGateway;
    @Autowired
    protected JdbcClient db;
    @Autowired
    private HandlerErrors handlerErrors;
    @Autowired
    protected DeadLetters deadLetters;
    @Autowired
    protected Projections projections;
    @Autowired
    protected Delegations delegations;

    /** Writes forwarded by this service go to a stub of the command service (one context for all tests). */
    @DynamicPropertySource
    static void commandService(DynamicPropertyRegistry properties) {
        properties.add("idm.command-service.url", () -> CommandServiceStub.instance().uri().toString());
    }

    /** Event time, advanced a minute per event, so that every timestamp in a test is known and exact. */
    private Instant clock = Instant.parse("2026-03-02T09:00:00Z");

    protected static Actor delegate(String memberState) {
        return Actor.delegate("delegate-" + memberState.toLowerCase(), memberState);
    }

    /** A consultation id of its own for each test: {@code [a-z0-9-]{3,64}}. */
    protected static String newConsultationId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A member state code no other test of this run uses: three upper-case letters, QAA, QAB and so on. */
    protected static String newMemberStateCode() {
        int n = MEMBER_STATE_CODES.getAndIncrement();
        return "Q" + (char) ('A' + (n / 26) % 26) + (char) ('A' + n % 26);
    }

    /**
     * A comment id no other consultation uses. The command service gives every comment a UUID; the comment read
     * model relies on that (its rows are keyed by the comment id alone).
     */
    protected static String commentId(String consultationId, String name) {
        return consultationId + "-" + name;
    }

    /** A text of exactly {@code length} characters, many of them outside ASCII. */
    protected static String text(int length) {
        String pattern = "Migración y cambio social — ñandú, Œuvre, Ærø; ";
        return pattern.repeat(length / pattern.length() + 1).substring(0, length);
    }

    /** A consultation id as long as the contract allows ({@code [a-z0-9-]{3,64}}), of its own. */
    protected static String longestConsultationId() {
        String id = newConsultationId("longest");
        return id + "-" + "x".repeat(64 - id.length() - 1);
    }

    protected static ConsultationCreated created(String consultationId) {
        return new ConsultationCreated(consultationId, "Theme for " + consultationId, "Which theme?", null, 1,
                null, null);
    }

    @BeforeEach
    void forgetEarlierHandlerErrors() {
        awaitProjections();
        handlerErrors.clear();
    }

    @AfterEach
    void noEventHandlerFailed() {
        if (failsOnEventHandlerErrors()) {
            assertThat(handlerErrors.errors())
                    .as("failures of the %s event handlers that stopped their processor", PROCESSING_GROUPS)
                    .isEmpty();
            assertThat(deadLetters.counts())
                    .as("events parked because a handler failed on them")
                    .allSatisfy(count -> assertThat(count.parked()).as(count.processingGroup()).isZero());
        }
    }

    /**
     * Whether a test fails when an event handler of {@link #PROCESSING_GROUPS} failed while it ran: for the tests of
     * those projections, yes; tests of other read models that share this context decide for themselves.
     */
    protected boolean failsOnEventHandlerErrors() {
        return PROJECTION_TEST_PACKAGES.contains(getClass().getPackageName());
    }

    // ---- feeding events ----

    /** Appends the events to the consultation's stream, as {@code actor}, and waits until the projections have them. */
    protected Instant feed(String consultationId, Actor actor, Object... payloads) {
        Instant last = append(CONSULTATION_AGGREGATE, consultationId, actor, payloads);
        awaitProjections();
        return last;
    }

    /** Appends the events to the member state's stream, as the secretariat, and waits for the projections. */
    protected Instant feedMemberState(String code, Object... payloads) {
        Instant last = append(MEMBER_STATE_AGGREGATE, code, SECRETARIAT, payloads);
        awaitProjections();
        return last;
    }

    /**
     * Accredits each state's demo delegate ({@link #delegate}) as its head, as the demo seed does, unless the roster
     * already has it: whom a signed-in delegate speaks for comes from the roster alone (CONTRACT §9), and the roster
     * is shared by every test of this context.
     */
    protected void accreditDelegates(String... memberStates) {
        for (String code : memberStates) {
            String user = delegate(code).username();
            if (delegations.of(user).isEmpty()) {
                feedMemberState(code, new DelegateAccredited(code, user, Capacity.HEAD));
            }
        }
    }

    /** Appends without waiting; returns the timestamp of the last event appended. */
    protected Instant appendToConsultation(String consultationId, Actor actor, Object... payloads) {
        return append(CONSULTATION_AGGREGATE, consultationId, actor, payloads);
    }

    /** Appends to the member state's stream, as the secretariat, without waiting. */
    protected Instant appendToMemberState(String code, Object... payloads) {
        return append(MEMBER_STATE_AGGREGATE, code, SECRETARIAT, payloads);
    }

    /** The timestamp the next appended event will carry. */
    protected Instant nextEventTime() {
        return clock.plus(Duration.ofMinutes(1));
    }

    private Instant append(String aggregateType, String aggregateId, Actor actor, Object... payloads) {
        List<EventMessage<?>> messages = new ArrayList<>();
        long sequence = nextSequenceNumber(aggregateId);
        Map<String, Object> metaData = new HashMap<>(actor.toMetaData());
        metaData.put(Actor.CORRELATION_ID, UUID.randomUUID().toString());
        for (Object payload : payloads) {
            clock = clock.plus(Duration.ofMinutes(1));
            messages.add(new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence++, payload, metaData,
                    UUID.randomUUID().toString(), clock));
        }
        transactionManager.executeInTransaction(() -> eventStore.publish(messages));
        return clock;
    }

    private long nextSequenceNumber(String aggregateId) {
        return db.sql("""
                        select coalesce(max(sequence_number), -1) + 1 from domain_event_entry
                        where aggregate_identifier = ?""")
                .param(aggregateId)
                .query(Long.class)
                .single();
    }

    // ---- waiting for the processors ----

    /**
     * Waits until the processors of {@link #processorsToAwait()} are running, have claimed all of their segments
     * and have handled every event in the store (each segment's position at or past the store's head), with no
     * segment in error.
     */
    protected void awaitProjections() {
        awaitProcessors(processorsToAwait());
    }

    /**
     * The processors {@link #awaitProjections()} waits for: the tests of the consultation, proposal, ballot and
     * member-state projections wait for theirs ({@link #PROCESSING_GROUPS}) only, so that they do not depend on
     * other read models; other tests sharing this context wait for every streaming processor of the service.
     */
    protected Collection<String> processorsToAwait() {
        return PROJECTION_TEST_PACKAGES.contains(getClass().getPackageName())
                ? PROCESSING_GROUPS
                : streamingProcessors().keySet();
    }

    protected void awaitProcessors(Collection<String> names) {
        long head = db.sql("select coalesce(max(global_index), -1) from domain_event_entry").query(Long.class).single();
        await("processors " + names + " at position " + head)
                .atMost(PROCESSING_TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> {
                    Map<String, StreamingEventProcessor> processors = streamingProcessors();
                    assertThat(processors).as("streaming processors").containsKeys(names.toArray(String[]::new));
                    names.forEach(name -> assertAtPosition(name, processors.get(name), head));
                });
    }

    private void assertAtPosition(String name, StreamingEventProcessor processor, long head) {
        assertThat(processor.isRunning()).as("%s running", name).isTrue();
        Map<Integer, EventTrackerStatus> status = new TreeMap<>(processor.processingStatus());
        int segments = db.sql("select count(*) from token_entry where processor_name = ?")
                .param(name).query(Integer.class).single();
        assertThat(status).as("%s segments claimed", name).hasSize(Math.max(segments, 1));
        status.values().forEach(segment -> {
            assertThat(segment.isErrorState()).as("%s segment %s in error: %s", name,
                    segment.getSegment().getSegmentId(), segment.getError()).isFalse();
            OptionalLong position = segment.getCurrentPosition();
            assertThat(position.isPresent() ? position.getAsLong() : -1L)
                    .as("%s segment %s position", name, segment.getSegment().getSegmentId())
                    .isGreaterThanOrEqualTo(head);
        });
    }

    /** Rebuilds every read model and waits until the rebuild is done and every processor has caught up again. */
    protected void rebuildEveryReadModel() {
        awaitProjections();
        projections.rebuildAll();
        assertThat(awaitRebuildEnded().state()).isEqualTo(ProjectionStatus.Rebuild.State.DONE);
        awaitProjections();
    }

    /** Waits until the latest bulk rebuild has ended, done or failed, and tells how it ended. */
    protected ProjectionStatus.Rebuild awaitRebuildEnded() {
        return await("the rebuild ended").atMost(PROCESSING_TIMEOUT).pollInterval(Duration.ofMillis(10))
                .until(() -> projections.status().stream().map(ProjectionStatus::rebuild)
                                .filter(rebuild -> rebuild != null).findFirst().orElse(null),
                        rebuild -> rebuild != null && rebuild.state() != ProjectionStatus.Rebuild.State.RUNNING);
    }

    /** The processors that keep read models; the tally notifier follows the present and is never reset. */
    protected ProjectionStatus projectionStatus(String processingGroup) {
        return projections.status().stream().filter(status -> status.processingGroup().equals(processingGroup))
                .findFirst().orElse(null);
    }

    protected Map<String, StreamingEventProcessor> readModelProcessors() {
        Map<String, StreamingEventProcessor> processors = new TreeMap<>(streamingProcessors());
        processors.values().removeIf(processor -> !processor.supportsReset());
        return processors;
    }

    protected Map<String, StreamingEventProcessor> streamingProcessors() {
        Map<String, StreamingEventProcessor> processors = new TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                processors.put(name, streaming);
            }
        });
        return processors;
    }

    // ---- asking the read models, through the query gateway ----

    protected List<ConsultationSummary> consultations() {
        return queryGateway.query(new FindConsultations(), ResponseTypes.multipleInstancesOf(ConsultationSummary.class))
                .join();
    }

    protected ConsultationSummary listed(String consultationId) {
        List<ConsultationSummary> matching = consultations().stream()
                .filter(summary -> summary.id().equals(consultationId))
                .toList();
        assertThat(matching).as("consultations listed as " + consultationId).hasSize(1);
        return matching.get(0);
    }

    protected Optional<ConsultationDetail> findConsultation(String consultationId) {
        return queryGateway.query(new FindConsultation(consultationId),
                ResponseTypes.optionalInstanceOf(ConsultationDetail.class)).join();
    }

    protected ConsultationDetail consultation(String consultationId) {
        return findConsultation(consultationId)
                .orElseThrow(() -> new AssertionError("no consultation " + consultationId));
    }

    protected Optional<ProposalDetail> findProposal(String consultationId, String proposalId) {
        return queryGateway.query(new FindProposal(consultationId, proposalId),
                ResponseTypes.optionalInstanceOf(ProposalDetail.class)).join();
    }

    protected ProposalDetail proposal(String consultationId, String proposalId) {
        return findProposal(consultationId, proposalId)
                .orElseThrow(() -> new AssertionError("no proposal " + proposalId + " in " + consultationId));
    }

    protected Optional<Tally> findTally(String consultationId) {
        return queryGateway.query(new FindTally(consultationId), ResponseTypes.optionalInstanceOf(Tally.class)).join();
    }

    protected Tally tally(String consultationId) {
        return findTally(consultationId).orElseThrow(() -> new AssertionError("no tally for " + consultationId));
    }

    /**
     * Subscribes to a tally as the live tally stream does: the tally now, then one update per change. First waits
     * until the tally notifier has pushed every change already made, so that the updates are those of what follows:
     * a push of an earlier change, read while a later ballot commits, could see the ballot counted and not its
     * choices.
     */
    protected SubscriptionQueryResult<Optional<Tally>, Tally> subscribeToTally(String consultationId) {
        awaitProcessors(List.of(TALLY_NOTIFICATIONS));
        return queryGateway.subscriptionQuery(new FindTally(consultationId),
                ResponseTypes.optionalInstanceOf(Tally.class), ResponseTypes.instanceOf(Tally.class));
    }

    protected List<Ballot> ballots(String consultationId) {
        return queryGateway.query(new FindBallots(consultationId), ResponseTypes.multipleInstancesOf(Ballot.class))
                .join();
    }

    protected Optional<Ballot> ballot(String consultationId, String memberState) {
        return queryGateway.query(new FindBallot(consultationId, memberState),
                ResponseTypes.optionalInstanceOf(Ballot.class)).join();
    }

    protected List<MemberStateView> memberStates() {
        return queryGateway.query(new FindMemberStates(), ResponseTypes.multipleInstancesOf(MemberStateView.class))
                .join();
    }

    protected static List<String> ids(String... ids) {
        return Arrays.asList(ids);
    }

    /**
     * Records what the event handlers of {@link #PROCESSING_GROUPS} threw where no dead-letter queue parks it
     * (a failure then stops the processor), so that a test fails with the handler's own exception. Final, so that
     * Spring does not also take it for a default configuration class of every test class; {@code @Import} brings
     * it in.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static final class HandlerErrors {

        private static final Logger LOG = LoggerFactory.getLogger(HandlerErrors.class);

        private final List<String> errors = new CopyOnWriteArrayList<>();

        List<String> errors() {
            return List.copyOf(errors);
        }

        void clear() {
            errors.clear();
        }

        @Bean
        ConfigurerModule recordingListenerInvocationErrorHandler() {
            ListenerInvocationErrorHandler recording = (exception, event, handler) -> {
                LOG.error("EventListener [{}] failed to handle event [{}] ({})",
                        handler.getTargetType().getSimpleName(), event.getIdentifier(),
                        event.getPayloadType().getName(), exception);
                errors.add(event.getPayloadType().getSimpleName() + " " + event.getPayload() + ": " + exception);
            };
            return configurer -> PROCESSING_GROUPS.forEach(group -> configurer.eventProcessing()
                    .registerListenerInvocationErrorHandler(group, configuration -> recording));
        }
    }
}
