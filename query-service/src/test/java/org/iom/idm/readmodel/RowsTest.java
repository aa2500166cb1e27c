package org.iom.idm.readmodel;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The column conversions every projection relies on (Rows). */
class RowsTest {

    @Test
    void idsSurviveTheRoundTripThroughOneColumnInOrder() {
        List<String> ids = List.of("p3", "0b7c1f2e-9d7a-4a57-8f1e-2f7f6c1d9e01", "p1");

        assertThat(Rows.splitIds(Rows.joinIds(ids))).containsExactlyElementsOf(ids);
    }

    @Test
    void noIdsAndAnEmptyColumnMeanAnEmptyList() {
        assertThat(Rows.joinIds(null)).isNull();
        assertThat(Rows.splitIds(null)).isEmpty();
        assertThat(Rows.splitIds("")).isEmpty();
        assertThat(Rows.splitIds(Rows.joinIds(List.of()))).isEmpty();
    }

    @Test
    void instantsAreStoredAsUtcOffsetTimes() {
        Instant at = Instant.parse("2026-03-02T09:15:30.123456Z");

        assertThat(Rows.utc(at)).isEqualTo(OffsetDateTime.of(2026, 3, 2, 9, 15, 30, 123_456_000, ZoneOffset.UTC));
        assertThat(Rows.utc(null)).isNull();
    }
}
