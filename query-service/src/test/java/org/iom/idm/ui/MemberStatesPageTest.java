package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.membership.MembershipEvent.VotingRightsSuspended;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The secretariat's member states page as the server renders it: filter, count, suspension details and forms. */
class MemberStatesPageTest extends WebUiPageTestSupport {

    private String secretariatPage(String path) throws Exception {
        MvcResult page = page("secretariat", Role.SECRETARIAT, null, path);
        assertThat(page.getResponse().getStatus()).as(path).isEqualTo(200);
        return page.getResponse().getContentAsString();
    }

    @Test
    void aSuspendedStatesRowShowsTheReasonAndUtcDateAndAsksBeforeReinstating() throws Exception {
        String code = newMemberStateCode();
        Instant suspendedAt = feedMemberState(code, new MemberStateRegistered(code, "Testland"),
                new VotingRightsSuspended(code, "Arrears of contributions."));

        String html = secretariatPage("/member-states?search=" + code);

        assertThat(html).contains("id=\"state-" + code + "\"", "Reason: Arrears of contributions.",
                ">" + suspendedAt.atOffset(ZoneOffset.UTC).toLocalDate() + "</time>",
                "data-confirm=\"Reinstate the voting rights of Testland? Its delegates can vote again at once.\"",
                "data-done=\"Voting rights of Testland reinstated.\"", "data-done-focus=\"#state-" + code + "\"",
                "1 member state<");
    }

    @Test
    void anActiveStatesSuspensionAsksFirstAndSaysWhatWasDone() throws Exception {
        String code = newMemberStateCode();
        feedMemberState(code, new MemberStateRegistered(code, "Testland"));

        String html = secretariatPage("/member-states?search=" + code);

        assertThat(html).contains(
                "data-confirm=\"Suspend the voting rights of Testland? Its delegates cannot vote until the rights are reinstated.\"",
                "data-confirm-button=\"Suspend voting rights\"", "data-done=\"Voting rights of Testland suspended.\"",
                "data-done-focus=\"#state-" + code + "\"", "class=\"danger\"")
                .doesNotContain("suspension-reason");
    }

    @Test
    void theVotingRightsFilterShowsOnlyThoseStatesAndKeepsItsChoice() throws Exception {
        String suspended = newMemberStateCode();
        String active = newMemberStateCode();
        feedMemberState(suspended, new MemberStateRegistered(suspended, "Filterland Suspended"),
                new VotingRightsSuspended(suspended, "Arrears"));
        feedMemberState(active, new MemberStateRegistered(active, "Filterland Active"));

        String html = secretariatPage("/member-states?search=filterland&rights=suspended");

        assertThat(html).contains("id=\"state-" + suspended + "\"", "value=\"filterland\"",
                        "<option value=\"suspended\" selected=\"selected\">", "1 member state<")
                .doesNotContain("id=\"state-" + active + "\"");
        assertThat(secretariatPage("/member-states?search=filterland")).contains("id=\"state-" + suspended + "\"",
                "id=\"state-" + active + "\"", "2 member states<");
    }

    @Test
    void unknownVotingRightsInTheAddressAreRefused() throws Exception {
        MvcResult page = page("secretariat", Role.SECRETARIAT, null, "/member-states?rights=revoked");

        assertThat(page.getResponse().getStatus()).isEqualTo(400);
    }
}
