package org.iom.idm.ui;

import org.iom.idm.proposal.ProposalQueries.Version;
import org.iom.idm.ui.VersionDifference.Change;
import org.iom.idm.ui.VersionDifference.Part;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class VersionDifferenceTest {

    @Test
    void aChangedWordShowsAsTheWordRemovedAndTheWordAdded() {
        assertThat(VersionDifference.words("Engaging diasporas in development", "Engaging diasporas for development"))
                .containsExactly(new Part(Change.SAME, "Engaging diasporas "), new Part(Change.REMOVED, "in"),
                        new Part(Change.ADDED, "for"), new Part(Change.SAME, " development"));
    }

    @Test
    void wordsAddedAtTheEndAndRemovedAtTheStartAreShownAsSuch() {
        assertThat(VersionDifference.words("The skills partnerships", "skills partnerships and mobility"))
                .containsExactly(new Part(Change.REMOVED, "The "), new Part(Change.SAME, "skills partnerships"),
                        new Part(Change.ADDED, " and mobility"));
    }

    @Test
    void anUnchangedTextIsOnePartTheSame() {
        Version v1 = new Version(1, "Diaspora", "Same text.", Instant.EPOCH);
        Version v2 = new Version(2, "Diasporas", "Same text.", Instant.EPOCH);

        VersionDifference difference = VersionDifference.between(v1, v2);

        assertThat(difference.summary()).containsExactly(new Part(Change.SAME, "Same text."));
        assertThat(difference.titleChanged()).isTrue();
        assertThat(difference.title()).containsExactly(new Part(Change.REMOVED, "Diaspora"), new Part(Change.ADDED, "Diasporas"));
    }
}
