package org.iom.idm.audit;

import org.iom.idm.audit.AuditNarrator.Narration;
import org.iom.idm.audit.AuditWords.Phrase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit's words said in the reader's language with the web UI's texts, and in the English of the record with
 * its own: every phrase the record can say, each language says too.
 */
class AuditWordsTest {

    private static final Locale FRENCH = Locale.FRENCH;
    private static final Locale SPANISH = Locale.forLanguageTag("es");
    private static final AuditWords READER = new AuditWords(webUiTexts());
    private static final AuditWords RECORD = AuditWords.forTheRecord();

    @ParameterizedTest
    @ValueSource(strings = {"", "_fr", "_es"})
    void everyPhraseOfTheRecordIsSaidInEachLanguageOfTheWebUi(String language) {
        assertThat(properties("/messages" + language + ".properties").stringPropertyNames())
                .containsAll(properties("/audit-record.properties").stringPropertyNames());
    }

    @Test
    void aListOfProposalsIsJoinedInTheReadersLanguage() {
        List<Object> titles = List.of(quoted("A"), quoted("B"), quoted("C"));

        assertThat(READER.say(titles, Locale.ENGLISH)).isEqualTo("“A”, “B” and “C”");
        assertThat(READER.say(titles, FRENCH)).isEqualTo("«\u00a0A\u00a0», «\u00a0B\u00a0» et «\u00a0C\u00a0»");
        assertThat(READER.say(titles, SPANISH)).isEqualTo("«A», «B» y «C»");
        assertThat(RECORD.say(titles, Locale.ENGLISH)).isEqualTo("'A', 'B' and 'C'");
    }

    @Test
    void countsReadOneOrManyWithTheReadersDigitsAndTheRecordKeepsItsOwn() {
        Phrase one = Phrase.of("audit.narration.VotingOpened", chair(), 1, 1);
        Phrase many = Phrase.of("audit.narration.VotingOpened", chair(), 1234, 618);

        assertThat(READER.sentence(one, Locale.ENGLISH))
                .isEqualTo("The Chair opened voting: one member state eligible, quorum 1");
        assertThat(READER.sentence(many, Locale.ENGLISH))
                .isEqualTo("The Chair opened voting: 1,234 member states eligible, quorum 618");
        assertThat(READER.sentence(many, FRENCH).replace('\u202f', ' ').replace('\u00a0', ' '))
                .isEqualTo("La présidence a ouvert le vote : 1 234 États membres peuvent voter, quorum de 618");
        assertThat(READER.sentence(one, SPANISH))
                .isEqualTo("La Presidencia abrió la votación: un Estado miembro puede votar, quórum de 1");
        assertThat(RECORD.say(many, Locale.ENGLISH))
                .isEqualTo("The chair (chair) opened voting: 1234 member states eligible, quorum 618");
    }

    @Test
    void aDelegateIsNamedForItsStateAndStaffByTheirRole() {
        Phrase delegate = AuditNarrator.actor("delegate-phl", "DELEGATE", "PHL", "Philippines");
        Phrase secretariat = AuditNarrator.actor("secretariat", "SECRETARIAT", null, null);

        assertThat(READER.sentence(delegate, Locale.ENGLISH)).isEqualTo("Delegate of Philippines");
        assertThat(READER.sentence(delegate, FRENCH)).isEqualTo("La délégation (Philippines)");
        assertThat(READER.sentence(delegate, SPANISH)).isEqualTo("La delegación de Philippines");
        assertThat(READER.sentence(secretariat, FRENCH)).isEqualTo("Le Secrétariat");
        assertThat(RECORD.say(delegate, Locale.ENGLISH)).isEqualTo("delegate-phl (Philippines)");
        assertThat(READER.sentence(AuditNarrator.actor("robot", "ROBOT", null, null), FRENCH)).isEqualTo("Robot");
        assertThat(READER.sentence(AuditNarrator.actor(null, null, null, null), SPANISH))
                .isEqualTo("Un autor no registrado");
    }

    @Test
    void theSystemActingOnScheduleIsNamedSoInEveryLanguage() {
        Phrase system = AuditNarrator.actor("system", "SYSTEM", null, null);

        assertThat(READER.sentence(system, Locale.ENGLISH)).isEqualTo("The system (on schedule)");
        assertThat(READER.sentence(system, FRENCH)).isEqualTo("Le système (à l'heure prévue)");
        assertThat(READER.sentence(system, SPANISH)).isEqualTo("El sistema (a la hora prevista)");
        assertThat(RECORD.say(system, Locale.ENGLISH)).isEqualTo("The system (on schedule)");
    }

    /**
     * CONTRACT §8 rule 8: the chair circulating a draft, a delegate breaking silence for its state and the system
     * recording the unbroken draft as the decision, each with its actor, in every language and in the record.
     */
    @Test
    void theSilenceProceduresStepsAreSaidWithTheirActorsInEveryLanguage() {
        Phrase circulated = Phrase.of("audit.narration.DraftCirculated", chair(), 2, List.of(quoted("A")),
                "2026-04-01T10:00:00Z", Phrase.of("audit.narration.draftText", "A it is."));
        Phrase broken = Phrase.of("audit.narration.SilenceBroken",
                AuditNarrator.actor("delegate-phl", "DELEGATE", "PHL", "Philippines"), 2,
                Phrase.of("audit.narration.reason", "Too narrow"));
        Phrase decided = Phrase.of("audit.narration.DecisionRecorded.silence",
                AuditNarrator.actor("system", "SYSTEM", null, null), List.of(quoted("A")), null);

        assertThat(READER.sentence(circulated, Locale.ENGLISH)).isEqualTo("The Chair circulated draft decision 2 "
                + "under the silence procedure, selecting “A”, deadline 2026-04-01T10:00:00Z; text: A it is.");
        assertThat(READER.sentence(broken, Locale.ENGLISH))
                .isEqualTo("Delegate of Philippines broke silence on draft decision 2: Too narrow");
        assertThat(READER.sentence(decided, Locale.ENGLISH)).isEqualTo("The system (on schedule) recorded the "
                + "decision: “A”; no member state broke silence before the deadline");
        assertThat(READER.sentence(broken, FRENCH).replace('\u00a0', ' '))
                .isEqualTo("La délégation (Philippines) a rompu le silence sur le projet de décision 2 : Too narrow");
        assertThat(READER.sentence(decided, FRENCH).replace('\u00a0', ' ')).isEqualTo("Le système (à l'heure "
                + "prévue) a consigné la décision : « A » ; aucun État membre n'a rompu le silence avant le délai");
        assertThat(READER.sentence(circulated, SPANISH)).isEqualTo("La Presidencia circuló el proyecto de decisión 2 "
                + "por el procedimiento de acuerdo tácito, seleccionando «A», plazo: 2026-04-01T10:00:00Z; texto: "
                + "A it is.");
        assertThat(READER.sentence(broken, SPANISH))
                .isEqualTo("La delegación de Philippines rompió el silencio sobre el proyecto de decisión 2: Too narrow");
        assertThat(READER.sentence(decided, SPANISH)).isEqualTo("El sistema (a la hora prevista) registró la "
                + "decisión: «A»; ningún Estado miembro rompió el silencio antes del plazo");
        assertThat(RECORD.say(broken, Locale.ENGLISH))
                .isEqualTo("delegate-phl (Philippines) broke silence on draft decision 2: Too narrow");
        assertThat(READER.say(Phrase.of("phase.SILENCE_BROKEN"), FRENCH)).isEqualTo("Silence rompu");
        assertThat(READER.say(Phrase.of("phase.CIRCULATED"), SPANISH)).isEqualTo("Proyecto en circulación");
    }

    /** CONTRACT §9: an accreditation and its withdrawal, with the person, the state and the capacity. */
    @Test
    void theRostersChangesAreSaidWithThePersonTheStateAndTheCapacityInEveryLanguage() {
        Phrase secretariat = AuditNarrator.actor("secretariat", "SECRETARIAT", null, null);
        Phrase accredited = Phrase.of("audit.narration.DelegateAccredited", secretariat, "alternate-ken", "Kenya",
                Phrase.of("audit.narration.capacity.ALTERNATE"));
        Phrase withdrawn = Phrase.of("audit.narration.AccreditationWithdrawn", secretariat, "adviser-ken", "Kenya",
                Phrase.of("audit.narration.capacity.ADVISER"), Phrase.of("audit.narration.reason", "Recalled"));

        assertThat(READER.sentence(accredited, Locale.ENGLISH))
                .isEqualTo("The Secretariat accredited alternate-ken to Kenya as alternate");
        assertThat(READER.sentence(withdrawn, Locale.ENGLISH))
                .isEqualTo("The Secretariat withdrew the accreditation of adviser-ken to Kenya as adviser: Recalled");
        assertThat(READER.sentence(accredited, FRENCH))
                .isEqualTo("Le Secrétariat a accrédité alternate-ken auprès de l'État membre Kenya en qualité de "
                        + "suppléant(e)");
        assertThat(READER.sentence(withdrawn, FRENCH).replace('\u00a0', ' '))
                .isEqualTo("Le Secrétariat a retiré l'accréditation de adviser-ken auprès de l'État membre Kenya en "
                        + "qualité de conseiller(ère) : Recalled");
        assertThat(READER.sentence(accredited, SPANISH))
                .isEqualTo("La Secretaría acreditó a alternate-ken ante Kenya como suplente");
        assertThat(READER.sentence(withdrawn, SPANISH))
                .isEqualTo("La Secretaría retiró la acreditación de adviser-ken ante Kenya como asesor/a: Recalled");
        assertThat(RECORD.say(withdrawn, Locale.ENGLISH)).isEqualTo("The secretariat (secretariat) withdrew the "
                + "accreditation of adviser-ken to Kenya as adviser: Recalled");
        assertThat(READER.say(Phrase.of("capacity.HEAD"), SPANISH)).isEqualTo("Jefe/a de delegación");
        assertThat(RECORD.say(Phrase.of("capacity.HEAD"), Locale.ENGLISH)).isEqualTo("HEAD");
    }

    @Test
    void wordsComeBackWholeFromTheEntrysStoredForm() {
        Narration narration = new Narration(
                Phrase.of("audit.narration.BallotChanged", "Kenya", List.of(quoted("A"), quoted("B")),
                        Phrase.of("audit.narration.anAbstention")),
                List.of(quoted("A"), quoted("B")), null);

        Narration stored = AuditWords.narration(AuditWords.json(narration));

        assertThat(stored).isEqualTo(narration);
        assertThat(READER.sentence(stored.summary(), SPANISH))
                .isEqualTo("Kenya cambió su voto de «A» y «B» a una abstención");
    }

    private static Phrase chair() {
        return AuditNarrator.actor("chair", "CHAIR", null, null);
    }

    private static Phrase quoted(String title) {
        return Phrase.of("audit.narration.quoted", title);
    }

    private static ResourceBundleMessageSource webUiTexts() {
        ResourceBundleMessageSource texts = new ResourceBundleMessageSource();
        texts.setBasename("messages");
        texts.setDefaultEncoding("UTF-8");
        texts.setFallbackToSystemLocale(false);
        return texts;
    }

    private static Properties properties(String resource) {
        Properties texts = new Properties();
        try (InputStream in = AuditWordsTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
