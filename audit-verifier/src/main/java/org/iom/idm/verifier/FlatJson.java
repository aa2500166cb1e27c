package org.iom.idm.verifier;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one line of the audit export: a JSON object whose values are strings, numbers or null, nothing nested.
 * Numbers are kept as their text. A repeated name is refused, so that a line cannot carry two different hashes.
 */
final class FlatJson {

    /** The text is not such an object; the message says where and why. */
    static final class SyntaxError extends Exception {

        SyntaxError(String message) {
            super(message);
        }
    }

    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    /** The object's fields in the order written: String for a string, String of digits for a number, or null. */
    static Map<String, String> parse(String text) throws SyntaxError {
        FlatJson reader = new FlatJson(text);
        Map<String, String> fields = reader.object();
        reader.skipSpace();
        if (reader.at < text.length()) {
            throw reader.error("text after the object");
        }
        return fields;
    }

    private Map<String, String> object() throws SyntaxError {
        Map<String, String> fields = new LinkedHashMap<>();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            at++;
            return fields;
        }
        do {
            skipSpace();
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (fields.containsKey(name)) {
                throw error("\"" + name + "\" appears twice");
            }
            fields.put(name, value());
            skipSpace();
        } while (consume(','));
        expect('}');
        return fields;
    }

    private String value() throws SyntaxError {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (text.startsWith("null", at)) {
            at += 4;
            return null;
        }
        throw error("expected a string, a number or null");
    }

    private String string() throws SyntaxError {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return value.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error("unterminated escape");
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> value.append(escaped);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> value.append(unicodeEscape());
                default -> throw error("unknown escape \\" + escaped);
            }
        }
    }

    /** The four hex digits after {@code \\u}: one UTF-16 unit; a surrogate pair arrives as two escapes. */
    private char unicodeEscape() throws SyntaxError {
        if (at + 4 > text.length()) {
            throw error("short \\u escape");
        }
        int unit = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at++), 16);
            if (digit < 0) {
                throw error("bad hex digit in a \\u escape");
            }
            unit = unit * 16 + digit;
        }
        return (char) unit;
    }

    /** JSON's number grammar: -?int frac? exp?. */
    private String number() throws SyntaxError {
        int start = at;
        consume('-');
        if (!consume('0')) {
            digits();
        }
        if (consume('.')) {
            digits();
        }
        if (consume('e') || consume('E')) {
            if (!consume('+')) {
                consume('-');
            }
            digits();
        }
        return text.substring(start, at);
    }

    private void digits() throws SyntaxError {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == start) {
            throw error("expected a digit");
        }
    }

    private void skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private char peek() throws SyntaxError {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at);
    }

    private boolean consume(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws SyntaxError {
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private SyntaxError error(String what) {
        return new SyntaxError(what + " at character " + (at + 1));
    }
}
