package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.membership.AccreditationQueries.Accreditation;
import org.iom.idm.membership.AccreditationQueries.FindAccreditations;
import org.iom.idm.membership.AccreditationQueries.FindRoster;
import org.iom.idm.membership.AccreditationQueries.FindWithdrawnAccreditations;
import org.iom.idm.membership.AccreditationQueries.RosterEntry;
import org.iom.idm.membership.AccreditationQueries.WithdrawnAccreditation;
import org.iom.idm.membership.Capacity;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.kit.security.IdmUser;
import org.iom.idm.membership.MemberStateQueries.FindMemberState;
import org.iom.idm.membership.MemberStateQueries.FindMemberStates;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.web.Queries;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Comparator;
import java.util.stream.Collectors;

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
        model.addAttribute("roster", queries.list(new FindRoster(), RosterEntry.class).stream()
                .collect(Collectors.groupingBy(RosterEntry::memberState)));
        return "member-states";
    }

    /** A state's delegation (CONTRACT §9): who is accredited now, accrediting and withdrawing, and who was. */
    @GetMapping("/member-states/{code}/delegation")
    String delegation(@AuthenticationPrincipal IdmUser me, @PathVariable String code, Model model) {
        requireSecretariat(me);
        model.addAttribute("state", queries.one(new FindMemberState(code), MemberStateView.class,
                "no member state '" + code + "'"));
        model.addAttribute("accreditations", queries.list(new FindAccreditations(code), Accreditation.class));
        model.addAttribute("withdrawn", queries.list(new FindWithdrawnAccreditations(code),
                WithdrawnAccreditation.class));
        model.addAttribute("capacities", Capacity.values());
        return "delegation";
    }

    static void requireSecretariat(IdmUser me) {
        if (me.role() != Role.SECRETARIAT) {
            throw new RuleViolation(ErrorCode.FORBIDDEN, "for the secretariat only");
        }
    }
}
