package org.iom.idm.audit;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.iom.idm.actor.Actor;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hash chain's algorithm: what a verifier must compute to check the audit trail against the event store. */
class AuditHashTest {

    private static final Instant AT = Instant.parse("2026-03-02T09:15:30.123Z");
    private static final BallotChanged CHANGE = new BallotChanged("idm-2010-theme", "PHL",
            List.of("migration-and-social-change"), false);

    @Test
    void theCanonicalFormCoversTheEventsPlaceIdTimeTypeAggregateSequenceMetadataAndPayloadSortedByName() {
        Map<String, Object> metaData = new HashMap<>(Actor.delegate("delegate-phl", "PHL").toMetaData());
        metaData.put(Actor.CORRELATION_ID, "req-1");
        GenericDomainEventMessage<BallotChanged> event = new GenericDomainEventMessage<>("Consultation",
                "idm-2010-theme", 7, CHANGE, metaData, "event-1", AT);

        assertThat(AuditHash.canonical(42, event)).isEqualTo("{\"aggregateId\":\"idm-2010-theme\","
                + "\"eventId\":\"event-1\",\"metaData\":{\"actor\":\"delegate-phl\",\"correlationId\":\"req-1\","
                + "\"memberState\":\"PHL\",\"role\":\"DELEGATE\"},\"payload\":{\"abstain\":false,"
                + "\"choices\":[\"migration-and-social-change\"],\"consultationId\":\"idm-2010-theme\","
                + "\"memberState\":\"PHL\"},\"position\":42,\"sequence\":7,"
                + "\"timestamp\":\"2026-03-02T09:15:30.123Z\",\"type\":\"BallotChanged\"}");
    }

    /**
     * A ballot stored before explanations of vote (revision 1) loads with neither an explanation nor versions: its
     * canonical form, and so its hash, stays the one it was sealed with.
     */
    @Test
    void aBallotRecordedBeforeExplanationsKeepsTheCanonicalFormItWasSealedWith() {
        BallotCast earlier = new BallotCast("idm-2010-theme", "PHL", List.of("south-south"), false);

        assertThat(AuditHash.canonical(3, message(earlier))).contains("\"payload\":{\"abstain\":false,"
                + "\"choices\":[\"south-south\"],\"consultationId\":\"idm-2010-theme\",\"memberState\":\"PHL\"},");
    }

    /** A ballot cast today names its round, the first included. */
    @Test
    void anExplainedBallotsCanonicalFormHoldsItsExplanationTheVersionsItChoseAndItsRound() {
        BallotCast explained = new BallotCast("idm-2010-theme", "PHL", List.of("south-south"), false,
                "Our reasons", Map.of("south-south", 2));
        BallotCast unexplained = new BallotCast("idm-2010-theme", "PHL", List.of(), true, null, Map.of());

        assertThat(AuditHash.canonical(3, message(explained))).contains("\"payload\":{\"abstain\":false,"
                + "\"choices\":[\"south-south\"],\"consultationId\":\"idm-2010-theme\",\"explanation\":\"Our reasons\","
                + "\"memberState\":\"PHL\",\"round\":1,\"versions\":{\"south-south\":2}},");
        assertThat(AuditHash.canonical(3, message(unexplained))).contains("\"payload\":{\"abstain\":true,"
                + "\"choices\":[],\"consultationId\":\"idm-2010-theme\",\"memberState\":\"PHL\",\"round\":1,"
                + "\"versions\":{}},");
    }

    private static GenericDomainEventMessage<BallotCast> message(BallotCast ballot) {
        return new GenericDomainEventMessage<>("Consultation", "idm-2010-theme", 3, ballot, Map.of(), "event-4", AT);
    }

    /**
     * The verifier recomputes every entry from the events as they load today: events stored before the
     * declarations and rounds of CONTRACT §8 (no procedure, rule, tie break or fallback; no round) must render as
     * they did then.
     */
    @Test
    void anEventStoredBeforeTheDeclarationsAndRoundsKeepsItsCanonicalForm() {
        BallotChanged earlierBallot = new BallotChanged("idm-2010-theme", "PHL", List.of("p1"), false, null);
        assertThat(AuditHash.canonical(2, new GenericDomainEventMessage<>("Consultation", "idm-2010-theme", 1,
                earlierBallot, Map.of(), "event-1", AT))).contains("\"payload\":{\"abstain\":false,"
                + "\"choices\":[\"p1\"],\"consultationId\":\"idm-2010-theme\",\"memberState\":\"PHL\"}");

        ConsultationCreated created = new ConsultationCreated("idm-2010-theme", "Theme", "Which?", null, 1, null,
                null);
        GenericDomainEventMessage<ConsultationCreated> event = new GenericDomainEventMessage<>("Consultation",
                "idm-2010-theme", 0, created, Map.of(), "event-0", AT);

        assertThat(AuditHash.canonical(1, event)).contains("\"payload\":{\"consultationId\":\"idm-2010-theme\","
                + "\"description\":null,\"parentId\":null,\"question\":\"Which?\",\"quorum\":null,"
                + "\"selectCount\":1,\"title\":\"Theme\"}");
    }

    @Test
    void anEventWithoutAnAggregateHasNullForItsAggregateAndSequence() {
        GenericEventMessage<MemberStateRegistered> event = new GenericEventMessage<>("event-2",
                new MemberStateRegistered("TUR", "Türkiye"), Map.of(), AT);

        assertThat(AuditHash.canonical(1, event)).contains("\"aggregateId\":null", "\"sequence\":null",
                "\"metaData\":{}", "\"Türkiye\"");
    }

    @Test
    void theTimestampCountsToTheMillisecondAsTheStoreKeepsIt() {
        MemberStateRegistered registered = new MemberStateRegistered("TUR", "Türkiye");

        assertThat(AuditHash.canonical(1, new GenericDomainEventMessage<>("MemberState", "TUR", 0, registered,
                Map.of(), "event-3", AT.plusNanos(456_789))))
                .isEqualTo(AuditHash.canonical(1, new GenericDomainEventMessage<>("MemberState", "TUR", 0,
                        registered, Map.of(), "event-3", AT)));
    }

    @Test
    void theHashIsSha256InHexOverThePreviousHashANewlineAndTheCanonicalForm() {
        // printf 'GENESIS\n{}' | sha256sum
        assertThat(AuditHash.link(AuditHash.GENESIS, "{}"))
                .isEqualTo("9903b0adc5291fed90f8bf50e9f11772fc4949daa48e6f899c919bd58cfd3989");
    }

    @Test
    void eachHashDependsOnThePreviousOne() {
        String canonical = AuditHash.canonical(2, new GenericDomainEventMessage<>("MemberState", "TCD", 1,
                new MemberStateRegistered("TCD", "Chad"), Map.of(), "event-4", AT));

        assertThat(AuditHash.link("a".repeat(64), canonical)).isNotEqualTo(AuditHash.link("b".repeat(64), canonical));
    }
}
