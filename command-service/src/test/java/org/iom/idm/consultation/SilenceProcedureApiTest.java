package org.iom.idm.consultation;

import org.axonframework.eventhandling.DomainEventMessage;
import org.iom.idm.consultation.ConsultationEvent.DecisionRecorded;
import org.iom.idm.consultation.ConsultationEvent.DraftCirculated;
import org.iom.idm.consultation.ConsultationEvent.SilenceBroken;
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
 * CONTRACT §8 rule 8 through HTTP and the real deadline manager: circulate, break silence, re-circulate, and the
 * deadline the database scheduler keeps; bad bodies are problem+json and change nothing.
 */
class SilenceProcedureApiTest extends ApiTestSupport {

    private static final String TEXT = "The Council selects the proposal below as the overarching theme.";

    @Autowired
    private PendingDeadlines deadlines;

    @Test
    void anUnbrokenDraftBecomesTheDecisionOfTheSystemAtItsDeadline() {
        String cid = newConsultation(Map.of("procedure", "SILENCE"));
        String pid = submitProposal(cid, SECRETARIAT);
        Instant deadline = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);

        assertNoContent(as(CHAIR).post(consultation(cid) + "/circulate", draft(deadline, pid)));
        assertThat(deadlines.of(cid)).containsExactly("silenceDeadline");
        await().atMost(Duration.ofSeconds(30))
               .until(() -> eventsOf(cid).stream().anyMatch(event -> event.getPayload() instanceof DecisionRecorded));

        List<? extends DomainEventMessage<?>> decisions = eventsOf(cid).stream()
                .filter(event -> event.getPayload() instanceof DecisionRecorded).toList();
        assertThat(decisions).hasSize(1);
        assertThat(((DecisionRecorded) decisions.get(0).getPayload()).selected()).containsExactly(pid);
        assertActor(decisions.get(0), "system", "SYSTEM", null);
        assertThat(deadlines.of(cid)).isEmpty();
    }

    @Test
    void aDelegateBreaksSilenceAndTheChairReCirculatesWithOneDeadlinePending() {
        String state = claimMemberState();
        String cid = newConsultation(Map.of("procedure", "SILENCE", "fallback", "RECORDED_VOTE"));
        String pid = submitProposal(cid, SECRETARIAT);
        Instant deadline = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3600);
        assertNoContent(as(CHAIR).post(consultation(cid) + "/circulate", draft(deadline, pid)));

        assertNoContent(as(delegateOf(state)).post(consultation(cid) + "/break-silence",
                reason("Our capital has not been consulted.")));
        SilenceBroken broken = lastPayloadOf(cid, SilenceBroken.class);
        assertThat(broken).isEqualTo(new SilenceBroken(cid, 1, state, "Our capital has not been consulted."));
        assertActor(lastEventOf(cid), delegateOf(state), "DELEGATE", state);
        assertRejected(409, "ALREADY_EXISTS", () -> as(delegateOf(state)).post(consultation(cid) + "/break-silence",
                reason("Again.")));

        assertNoContent(as(CHAIR).post(consultation(cid) + "/circulate", draft(deadline.plusSeconds(3600), pid)));
        assertThat(lastPayloadOf(cid, DraftCirculated.class).circulation()).isEqualTo(2);
        assertThat(deadlines.of(cid)).containsExactly("silenceDeadline");
    }

    @Test
    void aDraftWithoutTextSelectionOrAValidDeadlineIsInvalidAndChangesNothing() {
        String cid = newConsultation(Map.of("procedure", "SILENCE"));
        String pid = submitProposal(cid, SECRETARIAT);
        String circulate = consultation(cid) + "/circulate";
        long before = storedEventCount();

        assertInvalid(() -> as(CHAIR).post(circulate, Map.of("selected", List.of(pid), "deadline",
                Instant.now().plusSeconds(60).toString())), "text");
        assertInvalid(() -> as(CHAIR).post(circulate, Map.of("text", TEXT, "deadline",
                Instant.now().plusSeconds(60).toString())), "selected");
        assertInvalid(() -> as(CHAIR).post(circulate, Map.of("selected", List.of(pid), "text", TEXT)), "deadline");
        assertInvalid(() -> as(CHAIR).post(circulate, draft(Instant.now().minusSeconds(60), pid)), "deadline");
        assertRejected(400, "MALFORMED_REQUEST", () -> as(CHAIR).post(circulate, Map.of("selected", List.of(pid),
                "text", TEXT, "deadline", "tomorrow at noon")));
        assertRejected(403, "FORBIDDEN", () -> as(SECRETARIAT).post(circulate,
                draft(Instant.now().plusSeconds(60), pid)));
        assertRejected(409, "WRONG_PHASE", () -> as(delegateOf(claimMemberState()))
                .post(consultation(cid) + "/break-silence", reason("No draft yet.")));
        assertInvalid(() -> as(CHAIR).post(consultation(cid) + "/break-silence", Map.of()), "reason");

        assertThat(storedEventCount()).isEqualTo(before);
        assertThat(deadlines.of(cid)).isEmpty();
    }

    @Test
    void aRecordedVoteCirculatesNoDraft() {
        String cid = newConsultation();
        String pid = submitProposal(cid, SECRETARIAT);
        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(cid) + "/circulate",
                draft(Instant.now().plusSeconds(60), pid)));
    }

    private static Map<String, Object> draft(Instant deadline, String... selected) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("selected", List.of(selected));
        body.put("text", TEXT);
        body.put("deadline", deadline.toString());
        return body;
    }
}
