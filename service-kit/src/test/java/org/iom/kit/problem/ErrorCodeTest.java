package org.iom.kit.problem;

import org.iom.idm.rule.RefusalCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CONTRACT §5: a rule's refusal keeps its code on the wire, with the status of a client's mistake. */
class ErrorCodeTest {

    @Test
    void everyRefusalOfARuleHasItsContractCodeAndAClientErrorStatus() {
        for (RefusalCode refusal : RefusalCode.values()) {
            ErrorCode code = ErrorCode.of(refusal);
            assertThat(code.name()).isEqualTo(refusal.name());
            assertThat(code.status().is4xxClientError()).as("%s", refusal).isTrue();
        }
        assertThat(ErrorCode.of(RefusalCode.FORBIDDEN).status().value()).isEqualTo(403);
        assertThat(ErrorCode.of(RefusalCode.VALIDATION_FAILED).status().value()).isEqualTo(400);
        assertThat(ErrorCode.of(RefusalCode.WRONG_PHASE).status().value()).isEqualTo(409);
    }
}
