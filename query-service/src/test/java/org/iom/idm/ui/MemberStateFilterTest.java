package org.iom.idm.ui;

import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.VotingRights;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which member states the member states page shows for its search and voting-rights filter. */
class MemberStateFilterTest {

    private static final MemberStateView ICELAND = active("ISL", "Iceland");
    private static final MemberStateView IRELAND = active("IRL", "Ireland");
    private static final MemberStateView COTE_D_IVOIRE = active("CIV", "Côte d'Ivoire");
    private static final MemberStateView NORWAY = new MemberStateView("NOR", "Norway", VotingRights.SUSPENDED,
            "Arrears", Instant.parse("2026-11-30T16:00:00Z"));
    private static final List<MemberStateView> STATES = List.of(ICELAND, IRELAND, COTE_D_IVOIRE, NORWAY);

    private static MemberStateView active(String code, String name) {
        return new MemberStateView(code, name, VotingRights.ACTIVE, null, null);
    }

    private static List<MemberStateView> shown(String search, String rights) {
        MemberStateFilter filter = MemberStateFilter.of(search, rights);
        return STATES.stream().filter(filter::shows).toList();
    }

    @Test
    void withoutParametersEveryStateIsShown() {
        assertThat(shown(null, null)).isEqualTo(STATES);
        assertThat(shown("", "all")).isEqualTo(STATES);
    }

    @Test
    void aSearchFindsPartOfTheNameWhateverItsCase() {
        assertThat(shown("ice", null)).containsExactly(ICELAND);
        assertThat(shown("  ICE ", null)).containsExactly(ICELAND);
        assertThat(shown("land", null)).containsExactly(ICELAND, IRELAND);
    }

    @Test
    void aSearchFindsTheCode() {
        assertThat(shown("irl", null)).containsExactly(IRELAND);
        assertThat(shown("NOR", null)).containsExactly(NORWAY);
    }

    @Test
    void aSearchWithoutAccentsFindsANameWithThem() {
        assertThat(shown("cote d'i", null)).containsExactly(COTE_D_IVOIRE);
        assertThat(shown("CÔTE", null)).containsExactly(COTE_D_IVOIRE);
    }

    @Test
    void theVotingRightsFilterShowsOnlyStatesWithThoseRights() {
        assertThat(shown(null, "suspended")).containsExactly(NORWAY);
        assertThat(shown(null, "ACTIVE")).containsExactly(ICELAND, IRELAND, COTE_D_IVOIRE);
    }

    @Test
    void searchAndVotingRightsFilterTogether() {
        assertThat(shown("land", "suspended")).isEmpty();
        assertThat(shown("nor", "suspended")).containsExactly(NORWAY);
    }

    @Test
    void theFilterNamesItsVotingRightsAsTheAddressDoes() {
        assertThat(MemberStateFilter.of(null, null).rightsParameter()).isEqualTo("all");
        assertThat(MemberStateFilter.of(null, "SUSPENDED").rightsParameter()).isEqualTo("suspended");
    }

    @Test
    void unknownVotingRightsAreRefused() {
        assertThatThrownBy(() -> MemberStateFilter.of(null, "revoked"))
                .isInstanceOfSatisfying(RuleViolation.class,
                        violation -> assertThat(violation.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }
}
