package org.iom.idm.consultation;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ids made from titles, within CONTRACT §5's {@code [a-z0-9-]{3,64}}: lower case, accents folded to ASCII
 * ("Migración" gives "migracion"), every other run of characters one hyphen. When an id is taken, the next
 * candidates are {@code -2}, {@code -3}, … The callers judge which candidate is free.
 */
final class ReadableIds {

    static final int MAX_LENGTH = 64;
    private static final int MIN_LETTERS_OR_DIGITS = 3;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern OTHERS = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGE_HYPHENS = Pattern.compile("^-+|-+$");
    /** Latin letters that Unicode does not decompose into a base letter and a mark. */
    private static final Map<String, String> UNDECOMPOSED = Map.of("ß", "ss", "æ", "ae", "œ", "oe", "ø", "o",
            "đ", "d", "ð", "d", "ł", "l", "þ", "th", "ı", "i");

    private ReadableIds() {
    }

    /** The title's id, or empty when it yields fewer than three letters or digits (e.g. a title in Arabic). */
    static Optional<String> fromTitle(String title) {
        String folded = MARKS.matcher(Normalizer.normalize(title.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD))
                .replaceAll("");
        for (Map.Entry<String, String> letter : UNDECOMPOSED.entrySet()) {
            folded = folded.replace(letter.getKey(), letter.getValue());
        }
        String slug = trimmed(OTHERS.matcher(folded).replaceAll("-"), MAX_LENGTH);
        long usable = slug.chars().filter(c -> c != '-').count();
        return usable < MIN_LETTERS_OR_DIGITS ? Optional.empty() : Optional.of(slug);
    }

    /** The {@code n}-th candidate for a base id: the base itself, then {@code base-2}, {@code base-3}, … */
    static String candidate(String base, int n) {
        return n <= 1 ? base : withSuffix(base, String.valueOf(n));
    }

    /** {@code base-suffix}, the base cut short where the whole would be too long. */
    static String withSuffix(String base, String suffix) {
        return trimmed(base, MAX_LENGTH - suffix.length() - 1) + "-" + suffix;
    }

    private static String trimmed(String slug, int maxLength) {
        String inner = EDGE_HYPHENS.matcher(slug).replaceAll("");
        return EDGE_HYPHENS.matcher(inner.substring(0, Math.min(inner.length(), maxLength))).replaceAll("");
    }
}
