package org.iom.idm.audit;

import org.iom.idm.audit.AuditNarrator.Narration;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What an entry says, kept in no language until it is read: words are a {@link Phrase} (a message key and its
 * arguments), a list of words ("A, B and C"), a number or a literal text (a title, a reason, a comment), or null.
 * The same words become the English summary kept with the entry for the API and the export (the texts of
 * {@code audit-record.properties}, which say what the trail has always said) and, at read time, the narration in
 * the reader's language (the web UI's {@code messages*.properties}).
 */
final class AuditWords {

    /** A message key and its arguments, each of them words too. */
    record Phrase(String key, List<Object> args) {

        static Phrase of(String key, Object... args) {
            return new Phrase(key, Arrays.asList(args));
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "key";
    private static final String ARGS = "args";
    private static final String LIST_NEXT = "audit.list.next";
    private static final String LIST_LAST = "audit.list.last";

    private final MessageSource messages;

    AuditWords(MessageSource messages) {
        this.messages = messages;
    }

    /** The words of the record: the English the entries' summaries, befores and afters have always been in. */
    static AuditWords forTheRecord() {
        ResourceBundleMessageSource texts = new ResourceBundleMessageSource();
        texts.setBasename("audit-record");
        texts.setDefaultEncoding("UTF-8");
        texts.setFallbackToSystemLocale(false);
        return new AuditWords(texts);
    }

    /** Null for no words. */
    String say(Object words, Locale locale) {
        return words == null ? null : text(words, locale);
    }

    /** The words as a sentence, or a name on its own: with a capital, whatever the first word is. */
    String sentence(Object words, Locale locale) {
        String text = say(words, locale);
        if (text == null || text.isEmpty()) {
            return text;
        }
        int first = text.codePointAt(0);
        return new String(Character.toChars(first)).toUpperCase(locale) + text.substring(Character.charCount(first));
    }

    private String text(Object words, Locale locale) {
        if (words instanceof Phrase phrase) {
            Object[] args = phrase.args().stream()
                    .map(arg -> arg == null ? "" : arg instanceof Number ? arg : text(arg, locale))
                    .toArray();
            return messages.getMessage(phrase.key(), args, locale);
        }
        if (words instanceof List<?> items) {
            String joined = items.isEmpty() ? "" : text(items.get(0), locale);
            for (int i = 1; i < items.size(); i++) {
                joined = messages.getMessage(i == items.size() - 1 ? LIST_LAST : LIST_NEXT,
                        new Object[]{joined, text(items.get(i), locale)}, locale);
            }
            return joined;
        }
        return String.valueOf(words);
    }

    // --- stored as JSON --------------------------------------------------------------------------------------

    /** The narration's words as the entry keeps them: {"summary": …, "before": …, "after": …}. */
    static String json(Narration narration) {
        ObjectNode node = JSON.createObjectNode();
        node.set("summary", node(narration.summary()));
        node.set("before", node(narration.before()));
        node.set("after", node(narration.after()));
        return JSON.writeValueAsString(node);
    }

    /** The words kept as {@link #json}. */
    static Narration narration(String json) {
        JsonNode node = JSON.readTree(json);
        return new Narration(words(node.get("summary")), words(node.get("before")), words(node.get("after")));
    }

    private static JsonNode node(Object words) {
        if (words == null) {
            return JSON.getNodeFactory().nullNode();
        }
        if (words instanceof Phrase phrase) {
            ObjectNode node = JSON.createObjectNode();
            node.put(KEY, phrase.key());
            node.set(ARGS, node(phrase.args()));
            return node;
        }
        if (words instanceof List<?> items) {
            ArrayNode array = JSON.createArrayNode();
            items.forEach(item -> array.add(node(item)));
            return array;
        }
        if (words instanceof Integer number) {
            return JSON.getNodeFactory().numberNode(number);
        }
        if (words instanceof Long number) {
            return JSON.getNodeFactory().numberNode(number);
        }
        if (words instanceof String text) {
            return JSON.getNodeFactory().stringNode(text);
        }
        throw new IllegalArgumentException("not words: " + words.getClass().getName());
    }

    private static Object words(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            @SuppressWarnings("unchecked")
            List<Object> args = (List<Object>) words(node.get(ARGS));
            return new Phrase(node.get(KEY).asString(), args == null ? List.of() : args);
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(words(item)));
            return items;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        return node.asString();
    }
}
