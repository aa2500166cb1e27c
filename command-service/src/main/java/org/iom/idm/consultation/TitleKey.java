package org.iom.idm.consultation;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Titles are unique within a consultation regardless of case and white space (CONTRACT §3, rule 2), and of how
 * they are encoded: compared after NFKC normalisation (fullwidth and other compatibility forms become plain ones),
 * without zero-width and other invisible formatting characters.
 */
final class TitleKey {

    private TitleKey() {
    }

    static String of(String title) {
        String lowerCase = Normalizer.normalize(title, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder key = new StringBuilder(lowerCase.length());
        // Lower case may undo the normal form (e.g. a capital with a combining mark), hence a second pass.
        Normalizer.normalize(lowerCase, Normalizer.Form.NFKC).codePoints()
                .filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                        && Character.getType(c) != Character.FORMAT)
                .forEach(key::appendCodePoint);
        return key.toString();
    }
}
