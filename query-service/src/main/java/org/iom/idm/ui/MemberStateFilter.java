package org.iom.idm.ui;

import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.idm.membership.MemberStateQueries.MemberStateView;
import org.iom.idm.membership.VotingRights;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the member states page shows: the states whose name or code contains {@code search} (ignoring case and
 * accents, so that "cote" finds Côte d'Ivoire) and whose voting rights are {@code rights} (null: any).
 */
record MemberStateFilter(String search, VotingRights rights) {

    /** The value of the {@code rights} query parameter that shows every state. */
    static final String ANY_RIGHTS = "all";

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    /** From the page's query parameters; an unknown {@code rights} value is refused rather than ignored. */
    static MemberStateFilter of(String search, String rights) {
        return new MemberStateFilter(search == null ? "" : search.strip(), votingRights(rights));
    }

    boolean shows(MemberStateView state) {
        String wanted = folded(search);
        return (rights == null || state.votingRights() == rights)
                && (folded(state.name()).contains(wanted) || folded(state.code()).contains(wanted));
    }

    /** The {@code rights} query parameter that selects this filter's voting rights (public: the page asks). */
    public String rightsParameter() {
        return rights == null ? ANY_RIGHTS : rights.name().toLowerCase(Locale.ROOT);
    }

    private static VotingRights votingRights(String parameter) {
        if (parameter == null || parameter.isBlank() || parameter.equalsIgnoreCase(ANY_RIGHTS)) {
            return null;
        }
        for (VotingRights rights : VotingRights.values()) {
            if (rights.name().equalsIgnoreCase(parameter)) {
                return rights;
            }
        }
        throw new RuleViolation(ErrorCode.VALIDATION_FAILED, "rights: all, active or suspended");
    }

    private static String folded(String text) {
        return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }
}
