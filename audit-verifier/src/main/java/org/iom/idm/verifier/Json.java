package org.iom.idm.verifier;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON (RFC 8259) into plain Java: an object is a {@code Map<String, Object>} in the order written, an array a
 * {@code List<Object>}, a string a {@code String}, a number a {@code BigDecimal}, {@code true}/{@code false} a
 * {@code Boolean}, {@code null} null. A repeated name is refused, so that a line cannot carry two different hashes.
 */
final class Json {

    /** The text is not such an object; the message says where and why. */
    static final class SyntaxError extends Exception {

        SyntaxError(String message) {
            super(message);
        }
    }

    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    /** The JSON object that is the whole text. */
    static Map<String, Object> parseObject(String text) throws SyntaxError {
        Json reader = new Json(text);
        reader.skipSpace();
        Map<String, Object> fields = reader.object();
        reader.skipSpace();
        if (reader.at < text.length()) {
            throw reader.error("text after the object");
        }
        return fields;
    }

    private Map<String, Object> object() throws SyntaxError {
        Map<String, Object> fields = new LinkedHashMap<>();
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

    private Object value() throws SyntaxError {
        char c = peek();
        if (c == '{') {
            return object();
        }
        if (c == '[') {
            return array();
        }
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return new BigDecimal(number());
        }
        for (String literal : new String[]{"null", "true", "false"}) {
            if (text.startsWith(literal, at)) {
                at += literal.length();
                return literal.equals("null") ? null : Boolean.valueOf(literal);
            }
        }
        throw error("expected a value");
    }

    private List<Object> array() throws SyntaxError {
        List<Object> values = new ArrayList<>();
        expect('[');
        skipSpace();
        if (consume(']')) {
            return values;
        }
        do {
            skipSpace();
            values.add(value());
            skipSpace();
        } while (consume(','));
        expect(']');
        return values;
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
