package org.iom.idm.ui;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import org.iom.idm.proposal.ProposalQueries.Version;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What changed from one version of a proposal to another, word by word, in its title and its summary. */
public record VersionDifference(Version from, Version to, List<Part> title, List<Part> summary) {

    /** Words and the spaces between them, so that a change shows as the words it touched. */
    private static final Pattern TOKENS = Pattern.compile("\\s+|[^\\s]+");

    public enum Change { SAME, REMOVED, ADDED }

    public record Part(Change change, String text) {
    }

    static VersionDifference between(Version from, Version to) {
        return new VersionDifference(from, to, words(from.title(), to.title()), words(from.summary(), to.summary()));
    }

    static List<Part> words(String before, String after) {
        List<String> old = tokens(before);
        List<String> now = tokens(after);
        List<Part> parts = new ArrayList<>();
        int next = 0;
        for (AbstractDelta<String> delta : DiffUtils.diff(old, now).getDeltas()) {
            int at = delta.getSource().getPosition();
            add(parts, Change.SAME, old.subList(next, at));
            if (delta.getType() != DeltaType.INSERT) {
                add(parts, Change.REMOVED, delta.getSource().getLines());
            }
            if (delta.getType() != DeltaType.DELETE) {
                add(parts, Change.ADDED, delta.getTarget().getLines());
            }
            next = at + delta.getSource().size();
        }
        add(parts, Change.SAME, old.subList(next, old.size()));
        return parts;
    }

    private static void add(List<Part> parts, Change change, List<String> tokens) {
        if (!tokens.isEmpty()) {
            parts.add(new Part(change, String.join("", tokens)));
        }
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKENS.matcher(text);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    public boolean titleChanged() {
        return !from.title().equals(to.title());
    }
}
