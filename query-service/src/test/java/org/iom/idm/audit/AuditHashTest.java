package org.iom.idm.audit;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.iom.idm.actor.Actor;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
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
    void theCanonicalFormSortsEveryPropertyByNameAndKeepsAbsentValuesAsNull() {
        String canonical = AuditHash.canonical(42, AT, "BallotChanged", "idm-2010-theme", "delegate-phl", "DELEGATE",
                "PHL", "req-1", CHANGE);

        assertThat(canonical).isEqualTo("{\"actor\":\"delegate-phl\",\"aggregateId\":\"idm-2010-theme\","
                + "\"correlationId\":\"req-1\",\"memberState\":\"PHL\",\"payload\":{\"abstain\":false,"
                + "\"choices\":[\"migration-and-social-change\"],\"consultationId\":\"idm-2010-theme\","
                + "\"memberState\":\"PHL\"},\"position\":42,\"role\":\"DELEGATE\","
                + "\"timestamp\":\"2026-03-02T09:15:30.123Z\",\"type\":\"BallotChanged\"}");
    }

    @Test
    void theTimestampCountsToTheMillisecondAsTheStoreKeepsIt() {
        Instant withNanos = AT.plusNanos(456_789);

        assertThat(AuditHash.canonical(1, withNanos, "MemberStateRegistered", "TUR", null, null, null, null,
                new MemberStateRegistered("TUR", "Türkiye")))
                .isEqualTo(AuditHash.canonical(1, AT, "MemberStateRegistered", "TUR", null, null, null, null,
                        new MemberStateRegistered("TUR", "Türkiye")))
                .contains("\"actor\":null", "\"Türkiye\"");
    }

    @Test
    void anEventReadFromTheStoreRendersAsItsEntryDoes() {
        Map<String, Object> metaData = new HashMap<>(Actor.delegate("delegate-phl", "PHL").toMetaData());
        metaData.put(Actor.CORRELATION_ID, "req-1");
        GenericDomainEventMessage<BallotChanged> event = new GenericDomainEventMessage<>("Consultation",
                "idm-2010-theme", 7, CHANGE, metaData, "event-1", AT);

        assertThat(AuditHash.canonical(42, event)).isEqualTo(AuditHash.canonical(42, AT, "BallotChanged",
                "idm-2010-theme", "delegate-phl", "DELEGATE", "PHL", "req-1", CHANGE));
    }

    @Test
    void theHashIsSha256InHexOverThePreviousHashANewlineAndTheCanonicalForm() {
        // printf 'GENESIS\n{}' | sha256sum
        assertThat(AuditHash.link(AuditHash.GENESIS, "{}"))
                .isEqualTo("9903b0adc5291fed90f8bf50e9f11772fc4949daa48e6f899c919bd58cfd3989");
    }

    @Test
    void eachHashDependsOnThePreviousOne() {
        String canonical = AuditHash.canonical(2, AT, "VotingRightsReinstated", "TCD", "secretariat", "SECRETARIAT",
                null, "req-2", new MemberStateRegistered("TCD", "Chad"));

        assertThat(AuditHash.link("a".repeat(64), canonical)).isNotEqualTo(AuditHash.link("b".repeat(64), canonical));
    }
}
