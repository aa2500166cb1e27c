package org.iom.idm.consultation;

import org.axonframework.eventhandling.DomainEventMessage;
import org.iom.idm.consultation.ConsultationEvent.CommentsClosed;
import org.iom.idm.consultation.ConsultationEvent.ConsultationScheduled;
import org.iom.idm.consultation.ConsultationEvent.VotingClosed;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CONTRACT §8, schedule, through HTTP and the real deadline manager: db-scheduler on the service's database (H2
 * here) acts at each instant, as the system, and a schedule is changed by PUT.
 */
class ScheduleApiTest extends ApiTestSupport {

    @Autowired
    private PendingDeadlines deadlines;

    @Test
    void atTheScheduledInstantsTheSystemClosesCommentsAndOpensAndClosesVotingThroughTheDatabaseScheduler() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String cid = newConsultation(Map.of("schedule", schedule(now.plusSeconds(4), now.plusSeconds(5),
                now.plusSeconds(9))));
        String pid = submitProposal(cid, SECRETARIAT);

        await().atMost(Duration.ofSeconds(30))
               .until(() -> payloads(cid).stream().anyMatch(CommentsClosed.class::isInstance));
        assertRejected(409, "COMMENTS_CLOSED", () -> as(SECRETARIAT).post(proposal(cid, pid) + "/comments",
                Map.of("text", "After the close")));
        await().atMost(Duration.ofSeconds(30))
               .until(() -> payloads(cid).stream().anyMatch(VotingClosed.class::isInstance));

        List<? extends DomainEventMessage<?>> events = eventsOf(cid);
        assertThat(events).map(event -> event.getPayloadType().getSimpleName()).containsSubsequence(
                "ConsultationScheduled", "CommentsClosed", "VotingOpened", "VotingClosed");
        events.stream()
              .filter(event -> List.of(CommentsClosed.class, VotingOpened.class, VotingClosed.class)
                      .contains(event.getPayload().getClass()))
              .forEach(event -> assertActor(event, "system", "SYSTEM", null));
        assertThat(events.stream().filter(event -> event.getPayload() instanceof VotingOpened)).hasSize(1);
        assertThat(deadlines.of(cid)).isEmpty();
    }

    @Test
    void theChairOpeningByHandCancelsTheScheduledOpeningInTheDatabase() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String cid = newConsultation(Map.of("schedule", schedule(null, now.plusSeconds(3600), now.plusSeconds(7200))));
        submitProposal(cid, SECRETARIAT);
        assertThat(deadlines.of(cid)).containsExactlyInAnyOrder("votingOpensAt", "votingClosesAt");

        openVoting(cid);

        assertThat(deadlines.of(cid)).containsExactly("votingClosesAt");
    }

    @Test
    void theSecretariatOrTheChairChangesTheScheduleByPut() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String cid = newConsultation(Map.of("schedule", schedule(null, now.plusSeconds(3600), now.plusSeconds(7200))));
        Map<String, Object> changed = schedule(null, now.plusSeconds(1800), now.plusSeconds(7200));

        assertNoContent(as(CHAIR).put(consultation(cid) + "/schedule", changed));
        ConsultationScheduled scheduled = lastPayloadOf(cid, ConsultationScheduled.class);
        assertThat(scheduled.schedule()).isEqualTo(new Schedule(null, now.plusSeconds(1800), now.plusSeconds(7200)));
        assertActor(lastEventOf(cid), CHAIR, "CHAIR", null);

        assertRejected(403, "FORBIDDEN", () -> as(OBSERVER).put(consultation(cid) + "/schedule", changed));
        assertInvalid(() -> as(SECRETARIAT).put(consultation(cid) + "/schedule",
                schedule(null, now.minusSeconds(60), now.plusSeconds(7200))), "votingOpensAt");
    }

    @Test
    void anInstantOfANewScheduleInThePastIsInvalid() {
        Instant now = Instant.now();
        assertInvalid(() -> as(SECRETARIAT).post("/api/consultations", Map.of("title", "Past", "question", "When?",
                "schedule", schedule(null, null, now.minusSeconds(1)))), "schedule.votingClosesAt");
    }

    @Test
    void anInstantWhoseActionHappenedCannotChange() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String cid = newConsultation(Map.of("schedule", schedule(null, now.plusSeconds(3600), null)));
        submitProposal(cid, SECRETARIAT);
        openVoting(cid);

        assertRejected(409, "INSTANT_PASSED", () -> as(CHAIR).put(consultation(cid) + "/schedule",
                schedule(null, now.plusSeconds(1800), null)));
    }

    private List<Object> payloads(String cid) {
        return eventsOf(cid).stream().<Object>map(DomainEventMessage::getPayload).toList();
    }

    private static Map<String, Object> schedule(Instant commentsCloseAt, Instant votingOpensAt,
                                                Instant votingClosesAt) {
        Map<String, Object> schedule = new LinkedHashMap<>();
        if (commentsCloseAt != null) {
            schedule.put("commentsCloseAt", commentsCloseAt.toString());
        }
        if (votingOpensAt != null) {
            schedule.put("votingOpensAt", votingOpensAt.toString());
        }
        if (votingClosesAt != null) {
            schedule.put("votingClosesAt", votingClosesAt.toString());
        }
        return schedule;
    }
}
