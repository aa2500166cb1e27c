package org.iom.idm.consultation;

import java.util.Locale;

/** Titles are unique within a consultation regardless of case and white space (CONTRACT §3, rule 2). */
final class TitleKey {

    private TitleKey() {
    }

    static String of(String title) {
        StringBuilder key = new StringBuilder(title.length());
        title.codePoints()
                .filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
                .forEach(key::appendCodePoint);
        return key.toString().toLowerCase(Locale.ROOT);
    }
}
