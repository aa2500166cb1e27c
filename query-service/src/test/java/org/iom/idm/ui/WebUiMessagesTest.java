package org.iom.idm.ui;

import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotEvent;
import org.iom.idm.consultation.ConsultationEvent;
import org.iom.idm.consultation.Phase;
import org.iom.kit.problem.ErrorCode;
import org.iom.idm.membership.Capacity;
import org.iom.idm.membership.MembershipEvent;
import org.iom.idm.membership.VotingRights;
import org.iom.idm.proposal.CommentEvent;
import org.iom.idm.proposal.CommentStatus;
import org.iom.idm.proposal.ProposalEvent;
import org.iom.idm.proposal.ProposalStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every text the pages ask for exists in English, French and Spanish, and no language has keys the others lack. */
class WebUiMessagesTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Pattern MESSAGE_KEY = Pattern.compile("#\\{([A-Za-z0-9.]+)[}(]");

    @ParameterizedTest
    @ValueSource(strings = {"_fr", "_es"})
    void aTranslationHasExactlyTheKeysOfTheEnglishTexts(String language) {
        assertThat(messages(language).stringPropertyNames()).isEqualTo(messages("").stringPropertyNames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_fr", "_es"})
    void everyKeyThePagesAndScriptsUseHasAText(String language) throws IOException {
        Properties texts = messages(language);
        List<String> missing = new ArrayList<>();
        for (String key : usedKeys()) {
            String text = texts.getProperty(key);
            if (text == null || text.isBlank()) {
                missing.add(key);
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void theTemplatesAskForKeysThisTestKnowsAbout() throws IOException {
        assertThat(usedKeys()).contains("app.name", "nav.signOut", "tally.quorumMet", "audit.verified");
    }

    /** The keys the templates name, and those they build from a value (phase, role, event type, error code...). */
    private static Set<String> usedKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            for (Path template : files.toList()) {
                Matcher matcher = MESSAGE_KEY.matcher(Files.readString(template));
                while (matcher.find()) {
                    keys.add(matcher.group(1));
                }
            }
        }
        Stream.of(Phase.values()).forEach(v -> keys.add("phase." + v.name()));
        Stream.of(Role.values()).forEach(v -> keys.add("role." + v.name()));
        Stream.of(ProposalStatus.values()).forEach(v -> keys.add("proposalStatus." + v.name()));
        Stream.of(CommentStatus.values()).forEach(v -> keys.add("commentStatus." + v.name()));
        Stream.of(CommentStatus.HIDDEN, CommentStatus.RETRACTED).forEach(v -> keys.add("comments.textWithheld." + v.name()));
        Stream.of(VotingRights.values()).forEach(v -> keys.add("votingRights." + v.name()));
        Stream.of(Capacity.values()).forEach(v -> keys.add("capacity." + v.name()));
        Stream.of(Capacity.values()).forEach(v -> keys.add("person.speaksFor." + v.name()));
        Stream.of(ErrorCode.values()).forEach(v -> keys.add("error." + v.name()));
        keys.add("error.generic");
        WebUiPages.FIELDS.forEach(field -> keys.add("invalid." + field));
        Stream.of(ConsultationEvent.class, ProposalEvent.class, CommentEvent.class, BallotEvent.class,
                        MembershipEvent.class)
                .flatMap(events -> Stream.of(events.getPermittedSubclasses()))
                .forEach(type -> keys.add("event." + type.getSimpleName()));
        return keys;
    }

    private static Properties messages(String language) {
        Properties texts = new Properties();
        try (InputStream in = WebUiMessagesTest.class.getResourceAsStream("/messages" + language + ".properties")) {
            assertThat(in).as("messages" + language + ".properties").isNotNull();
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
