package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.kit.problem.ErrorCode;
import org.iom.idm.kit.problem.RuleViolation;
import org.iom.idm.kit.security.IdmUser;
import org.iom.idm.membership.MemberStateQueries.FindMemberStates;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.web.Queries;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.Comparator;

/** The secretariat's own pages besides the audit trail. */
@WebUiPage
class SecretariatPages {

    private final Queries queries;

    SecretariatPages(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/member-states")
    String memberStates(@AuthenticationPrincipal IdmUser me, Model model) {
        requireSecretariat(me);
        model.addAttribute("memberStates", queries.list(new FindMemberStates(), MemberStateView.class).stream()
                .sorted(Comparator.comparing(MemberStateView::name)).toList());
        return "member-states";
    }

    static void requireSecretariat(IdmUser me) {
        if (me.role() != Role.SECRETARIAT) {
            throw new RuleViolation(ErrorCode.FORBIDDEN, "for the secretariat only");
        }
    }
}
