package org.iom.idm.ballot;

import org.iom.idm.ballot.BallotQueries.ProposalVotes;
import org.iom.idm.ballot.BallotQueries.Tally;
import org.iom.idm.consultation.MajorityRule;
import org.iom.idm.consultation.Phase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The tally streams' JSON: rendered once per pushed tally, for all its subscribers, as the API renders it. */
class RenderedTalliesTest {

    private final AtomicInteger renderings = new AtomicInteger();
    private final JsonMapper json = new JsonMapper() {
        @Override
        public String writeValueAsString(Object value) {
            renderings.incrementAndGet();
            return super.writeValueAsString(value);
        }
    };
    private final RenderedTallies rendered = new RenderedTallies(json);

    private static Tally tally(String consultationId, int ballotsCast) {
        return new Tally(consultationId, Phase.VOTING, 10, ballotsCast, 0, 6, false,
                List.of(new ProposalVotes("p1", "Diasporas", ballotsCast)), List.of("p1"), 1,
                Outcome.pending(MajorityRule.PLURALITY));
    }

    @Test
    void aTallyPushedToManyStreamsIsRenderedOnceAsTheApiRendersIt() {
        Tally pushed = tally("idm-2026", 3);

        for (int stream = 0; stream < 1000; stream++) {
            assertThat(rendered.json(pushed)).isEqualTo(new JsonMapper().writeValueAsString(pushed));
        }

        assertThat(renderings).hasValue(1);
    }

    @Test
    void eachNewTallyOfAConsultationIsRenderedAnewAndConsultationsKeepTheirOwn() {
        Tally first = tally("idm-2026", 1);
        Tally other = tally("idm-2027", 1);
        Tally second = tally("idm-2026", 2);

        rendered.json(first);
        rendered.json(other);
        String secondJson = rendered.json(second);
        rendered.json(other);

        assertThat(renderings).hasValue(3);
        assertThat(secondJson).contains("\"ballotsCast\":2");
    }
}
