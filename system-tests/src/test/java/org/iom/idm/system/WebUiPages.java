package org.iom.idm.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The web UI's main pages, with a consultation in voting so that every one of them has something to show. */
final class WebUiPages {

    private WebUiPages() {
    }

    /** A consultation in voting and one of its proposals. */
    record Voting(String consultationId, String proposalId) {

        /** Every page a signed-in secretariat reaches from the navigation, about this consultation. */
        List<String> mainPages() {
            return List.of("/consultations", "/consultations/" + consultationId,
                    "/consultations/" + consultationId + "/proposals/" + proposalId,
                    "/consultations/" + consultationId + "/tally", "/member-states", "/member-states/PHL/delegation",
                    "/audit?consultationId=" + consultationId);
        }
    }

    /** A consultation with two proposals, a comment, and voting open. */
    static Voting consultationInVoting(Api api) {
        String cid = "ui-pages-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("secretariat", "/api/consultations", Map.of("id", cid,
                "title", "Workshop topics " + cid, "question", "Which topics?", "quorum", 2)).status()).isEqualTo(201);
        String first = api.post("delegate-phl", "/api/consultations/" + cid + "/proposals",
                Map.of("title", "Diasporas " + cid, "summary", "Diasporas and development.")).json().path("id").asText();
        assertThat(api.post("secretariat", "/api/consultations/" + cid + "/proposals",
                Map.of("title", "Return " + cid, "summary", "Sustainable return.")).status()).isEqualTo(201);
        assertThat(api.post("delegate-mex", "/api/consultations/" + cid + "/proposals/" + first + "/comments",
                Map.of("text", "Mexico supports this.")).status()).isEqualTo(201);
        assertThat(api.post("chair", "/api/consultations/" + cid + "/open-voting", null).status()).isBetween(200, 299);
        api.awaitRead("secretariat", "/api/consultations/" + cid, json -> "VOTING".equals(json.path("phase").asText()));
        return new Voting(cid, first);
    }

    /** The web UI's texts in one language, as the query service's jar holds them. */
    static Properties messages(String suffix) {
        try (ZipFile jar = new ZipFile(SystemUnderTest.jar("idm.query-service.jar").toFile())) {
            Properties texts = new Properties();
            try (InputStream in = jar.getInputStream(jar.getEntry("BOOT-INF/classes/messages" + suffix + ".properties"))) {
                texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
