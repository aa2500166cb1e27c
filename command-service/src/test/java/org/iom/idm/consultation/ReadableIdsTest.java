package org.iom.idm.consultation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Ids made from titles: readable, within CONTRACT §5's pattern, and numbered when taken. */
class ReadableIdsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "South-South Migration | south-south-migration",
            "Migración y Desarrollo | migracion-y-desarrollo",
            "  Migration & Health  | migration-health",
            "Migration - Health | migration-health",
            "Façade, Œuvre, Straße, Ørsted, Łódź, İzmir | facade-oeuvre-strasse-orsted-lodz-izmir",
            "IDM ２０１０ – “Theme” | idm-2010-theme",
            "...Return (and) reintegration!!! | return-and-reintegration"})
    void aTitleBecomesLowerCaseAsciiWordsJoinedBySingleHyphens(String title, String id) {
        assertThat(ReadableIds.fromTitle(title)).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"الهجرة", "移民", "EU", "A-B", "   ", "¿?"})
    void aTitleWithFewerThanThreeLettersOrDigitsInLatinScriptMakesNoId(String title) {
        assertThat(ReadableIds.fromTitle(title)).isEmpty();
    }

    @Test
    void aLongTitleIsCutToSixtyFourCharactersWithoutATrailingHyphen() {
        String title = "Migration " + "and development ".repeat(20);

        String id = ReadableIds.fromTitle(title).orElseThrow();

        assertThat(id).hasSizeLessThanOrEqualTo(64).matches("[a-z0-9-]{3,64}").doesNotEndWith("-")
                .startsWith("migration-and-development-and");
    }

    @Test
    void theCandidatesAreTheIdThenTheNextNumbersWithinTheLimit() {
        String longId = ReadableIds.fromTitle("x".repeat(63) + " y").orElseThrow();

        assertThat(ReadableIds.candidate("migration-health", 1)).isEqualTo("migration-health");
        assertThat(ReadableIds.candidate("migration-health", 2)).isEqualTo("migration-health-2");
        assertThat(ReadableIds.candidate("migration-health", 13)).isEqualTo("migration-health-13");
        assertThat(longId).hasSize(63);
        assertThat(ReadableIds.candidate(longId, 12)).isEqualTo("x".repeat(61) + "-12");
        assertThat(ReadableIds.withSuffix("a".repeat(40) + "-" + "b".repeat(23), "k3x9q2"))
                .isEqualTo("a".repeat(40) + "-" + "b".repeat(16) + "-k3x9q2").hasSize(64);
        assertThat(ReadableIds.withSuffix("a".repeat(57) + "-b", "k3x9q2"))
                .isEqualTo("a".repeat(57) + "-k3x9q2");
    }
}
