package org.iom.idm.consultation;

import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.RunoffOpened;
import org.iom.idm.web.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CONTRACT §8 over HTTP: the declarations at creation, and POST /runoff (rule 10). */
class ProcedureApiTest extends ApiTestSupport {

    @Test
    void theDeclarationsAreRecordedAndTodaysAreTheDefaults() {
        String declared = newConsultation(Map.of("procedure", "SILENCE", "majority", "TWO_THIRDS",
                "tieBreak", "RUNOFF", "fallback", "RECORDED_VOTE"));
        String undeclared = newConsultation();

        assertThat(lastPayloadOf(declared, ConsultationCreated.class))
                .extracting(ConsultationCreated::declaredProcedure, ConsultationCreated::declaredMajority,
                        ConsultationCreated::declaredTieBreak, ConsultationCreated::fallback)
                .containsExactly(Procedure.SILENCE, MajorityRule.TWO_THIRDS, TieBreak.RUNOFF,
                        Procedure.RECORDED_VOTE);
        assertThat(lastPayloadOf(undeclared, ConsultationCreated.class))
                .extracting(ConsultationCreated::declaredProcedure, ConsultationCreated::declaredMajority,
                        ConsultationCreated::declaredTieBreak, ConsultationCreated::fallback)
                .containsExactly(Procedure.RECORDED_VOTE, MajorityRule.PLURALITY, TieBreak.CHAIR, null);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"procedure, CONSENSUS", "procedure, silence", "majority, ABSOLUTE", "majority, ''",
            "tieBreak, LOTS", "fallback, SILENCE"})
    void refusesAnUnknownDeclarationAndNamesIt(String field, String value) {
        Map<String, Object> body = new HashMap<>(Map.of("title", "A theme", "question", "Which?"));
        body.put(field, value);

        assertInvalid(() -> as(SECRETARIAT).post("/api/consultations", body), field);
    }

    @Test
    void theChairOpensARunoffAmongTheTiedWhoseBallotsNameTheSecondRound() {
        String cid = newConsultation(Map.of("tieBreak", "RUNOFF", "quorum", 1));
        String first = submitProposal(cid, SECRETARIAT);
        String second = submitProposal(cid, SECRETARIAT);
        String third = submitProposal(cid, SECRETARIAT);
        String one = claimMemberState();
        String other = claimMemberState();
        openVoting(cid);
        castBallot(cid, one, first);
        castBallot(cid, other, second);
        assertRejected(409, "WRONG_PHASE", () -> as(CHAIR).post(consultation(cid) + "/runoff"));
        closeVoting(cid);

        assertRejected(403, "FORBIDDEN", () -> as(SECRETARIAT).post(consultation(cid) + "/runoff"));
        assertNoContent(as(CHAIR).post(consultation(cid) + "/runoff"));

        RunoffOpened runoff = lastPayloadOf(cid, RunoffOpened.class);
        assertThat(runoff.round()).isEqualTo(2);
        assertThat(runoff.candidates()).containsExactly(first, second);
        assertInvalid(() -> as(delegateOf(one)).put(consultation(cid) + "/ballots/" + one,
                Map.of("choices", List.of(third))), "choices");
        castBallot(cid, one, second);
        assertThat(lastPayloadOf(cid, BallotCast.class))
                .isEqualTo(new BallotCast(cid, one, List.of(second), false, null, Map.of(second, 1), 2));
    }
}
