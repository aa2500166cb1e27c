package org.iom.idm.consultation;

import org.iom.idm.rule.RefusalCode;
import org.iom.idm.rule.RuleRefused;

import java.util.Collection;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * CONTRACT §3 rule 2: titles are unique within a consultation, withdrawn proposals' included; and the ids that
 * the consultation makes from titles.
 */
final class ProposalTitles {

    private ProposalTitles() {
    }

    static void requireUnique(Collection<Proposal> proposals, String title, String exceptProposalId) {
        String key = TitleKey.of(title);
        for (Proposal other : proposals) {
            if (!other.id().equals(exceptProposalId) && TitleKey.of(other.title()).equals(key)) {
                throw new RuleRefused(RefusalCode.DUPLICATE_TITLE,
                        "a proposal titled '" + other.title() + "' exists already in this consultation");
            }
        }
    }

    /**
     * Chosen by the consultation, where every proposal of it is known: two submissions at once are judged one after
     * the other against the same stream, so they cannot get the same id. Withdrawn proposals keep theirs.
     */
    static String newId(Set<String> taken, String title) {
        return ReadableIds.fromTitle(title)
                .map(slug -> firstFree(taken, n -> ReadableIds.candidate(slug, n)))
                .orElseGet(() -> firstFree(taken, n -> "proposal-" + (taken.size() + n)));
    }

    private static String firstFree(Set<String> taken, IntFunction<String> candidates) {
        for (int n = 1; ; n++) {
            String candidate = candidates.apply(n);
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }
}
