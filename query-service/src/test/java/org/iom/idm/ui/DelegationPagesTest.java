package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.membership.Capacity;
import org.iom.idm.membership.MembershipEvent.AccreditationWithdrawn;
import org.iom.idm.membership.MembershipEvent.DelegateAccredited;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONTRACT §9 on the web UI as the server renders it: the member states page shows each state's delegation, the
 * secretariat's delegation page accredits and withdraws through the API and keeps the withdrawn accreditations, and
 * a delegate sees in the banner whom it speaks for and in which capacity.
 */
class DelegationPagesTest extends WebUiPageTestSupport {

    @Test
    void theMemberStatesPageShowsEachStatesDelegationWithItsCapacitiesAndLinksToIt() throws Exception {
        String code = registered("Delegatia");
        String empty = registered("Delegatia Without");
        feedMemberState(code, new DelegateAccredited(code, "head-of-delegatia", Capacity.HEAD),
                new DelegateAccredited(code, "adviser-of-delegatia", Capacity.ADVISER));

        String html = secretariat("/member-states?search=delegatia");

        assertThat(html).contains("data-label=\"Delegation\"", "data-user=\"head-of-delegatia\"",
                "data-user=\"adviser-of-delegatia\"", ">Head of delegation<", ">Adviser<",
                "href=\"/member-states/" + code + "/delegation\"",
                "aria-label=\"Manage the delegation of Delegatia\"");
        assertThat(row(html, empty)).contains("No one accredited").doesNotContain("data-user=");
        assertThat(html.indexOf("head-of-delegatia")).isLessThan(html.indexOf("adviser-of-delegatia"));
    }

    @Test
    void theDelegationPageWithdrawsEachAccreditationWithAReasonAfterAskingAndAccreditsThroughTheApi()
            throws Exception {
        String code = registered("Formland");
        feedMemberState(code, new DelegateAccredited(code, "María José", Capacity.ALTERNATE));

        String html = secretariat("/member-states/" + code + "/delegation");

        assertThat(html).contains("<h1 id=\"delegation-heading\">Delegation of Formland</h1>",
                "data-user=\"María José\"", ">Alternate<",
                "data-api=\"/api/member-states/" + code + "/accreditations/Mar%C3%ADa%20Jos%C3%A9/withdraw\"",
                "data-confirm=\"Withdraw the accreditation of María José (Alternate) to Formland? This person can "
                        + "no longer act for the state.\"",
                "data-done=\"Accreditation of María José withdrawn.\"", "name=\"reason\" required maxlength=\"2000\"",
                "id=\"accredit\"", "data-api=\"/api/member-states/" + code + "/accreditations\"",
                "name=\"user\" required", "<option value=\"HEAD\">Head of delegation</option>",
                "<option value=\"ALTERNATE\">Alternate</option>", "<option value=\"ADVISER\">Adviser</option>",
                "data-error-for=\"user\"", "data-error-for=\"capacity\"")
                .doesNotContain("withdrawn-accreditations", "no-accreditation");
    }

    @Test
    void theDelegationPageKeepsEachWithdrawnAccreditationWithItsReasonAndWhoWithdrewIt() throws Exception {
        String code = registered("Pastland");
        feedMemberState(code, new DelegateAccredited(code, "former-head", Capacity.HEAD),
                new AccreditationWithdrawn(code, "former-head", Capacity.HEAD, "Recalled to the capital."));

        String html = secretariat("/member-states/" + code + "/delegation");

        assertThat(html).contains("id=\"no-accreditation\"", "No one is accredited to Pastland.",
                "id=\"withdrawn-accreditations\"", "Recalled to the capital.", ">secretariat<", ">Head of delegation<");
        assertThat(secretariat("/member-states/" + code + "/delegation?lang=es"))
                .contains("Delegación de Pastland", "Acreditaciones retiradas", "Jefe/a de delegación");
    }

    @Test
    void onlyTheSecretariatOpensADelegationPageAndAnUnknownStateHasNone() throws Exception {
        String code = registered("Closedland");

        assertThat(page("observer", Role.OBSERVER, null, "/member-states/" + code + "/delegation")
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(page("secretariat", Role.SECRETARIAT, null, "/member-states/" + newMemberStateCode() + "/delegation")
                .getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void anAccreditedDelegateSeesWhomItSpeaksForAndInWhichCapacity() throws Exception {
        String code = registered("Speakland");
        feedMemberState(code, new DelegateAccredited(code, "delegate-tto", Capacity.HEAD));

        assertThat(html("delegate-tto", "/consultations"))
                .contains("Signed in as delegate-tto (Head of the delegation of Speakland)");
        assertThat(html("delegate-tto", "/consultations?lang=fr"))
                .contains("Connecté en tant que delegate-tto (Chef de délégation, Speakland)");

        feedMemberState(code, new AccreditationWithdrawn(code, "delegate-tto", Capacity.HEAD, "Recalled."));

        assertThat(html("delegate-tto", "/consultations"))
                .contains("Signed in as delegate-tto (No current accreditation: reading only)");
    }

    private String registered(String name) {
        String code = newMemberStateCode();
        feedMemberState(code, new MemberStateRegistered(code, name));
        return code;
    }

    private String secretariat(String path) throws Exception {
        MvcResult page = page("secretariat", Role.SECRETARIAT, null, path);
        assertThat(page.getResponse().getStatus()).as(path).isEqualTo(200);
        return page.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String html(String delegate, String path) throws Exception {
        MvcResult page = page(delegate, Role.DELEGATE, null, path);
        assertThat(page.getResponse().getStatus()).as(path).isEqualTo(200);
        return page.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The member states page's row of the state. */
    private static String row(String html, String code) {
        int start = html.indexOf("id=\"state-" + code + "\"");
        assertThat(start).as("row of %s", code).isNotNegative();
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
