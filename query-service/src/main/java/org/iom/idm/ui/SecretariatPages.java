package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.kit.security.IdmUser;
import org.iom.idm.membership.MemberStateQueries.FindMemberStates;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.web.Queries;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Comparator;

/** The secretariat's own pages besides the audit trail. */
@WebUiPage
class SecretariatPages {

    private final Queries queries;

    SecretariatPages(Queries queries) {
        this.queries = queries;
    }

    /** The register, searched by name or code and filtered by voting rights through the address's parameters. */
    @GetMapping("/member-states")
    String memberStates(@AuthenticationPrincipal IdmUser me, @RequestParam(required = false) String search,
                        @RequestParam(required = false) String rights, Model model) {
        requireSecretariat(me);
        MemberStateFilter filter = MemberStateFilter.of(search, rights);
        model.addAttribute("filter", filter);
        model.addAttribute("memberStates", queries.list(new FindMemberStates(), MemberStateView.class).stream()
                .filter(filter::shows)
                .sorted(Comparator.comparing(MemberStateView::name)).toList());
        return "member-states";
    }

    static void requireSecretariat(IdmUser me) {
        if (me.role() != Role.SECRETARIAT) {
            throw new RuleViolation(ErrorCode.FORBIDDEN, "for the secretariat only");
        }
    }
}
