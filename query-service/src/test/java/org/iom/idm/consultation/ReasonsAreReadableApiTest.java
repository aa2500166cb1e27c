package org.iom.idm.consultation;

import org.iom.idm.consultation.ConsultationEvent.ConsultationCancelled;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.CommentEvent.CommentEdited;
import org.iom.idm.proposal.CommentEvent.CommentHidden;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.ProposalEvent.ProposalWithdrawn;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.iom.idm.readmodel.ApiClient;
import org.iom.idm.readmodel.ApiClient.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

/**
 * Rule 11 (CONTRACT §8) through the JSON reads: a withdrawal's, a cancellation's and a hiding's reason reach whoever
 * may read the consultation, and a comment's edit history whoever may read the comment; a hidden comment's text and
 * its earlier texts reach the secretariat only, and who may not read at all gets no reason either.
 */
class ReasonsAreReadableApiTest extends AbstractProjectionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> READERS = List.of("secretariat", "chair", "observer", "delegate-phl");
    private static final List<String> NOT_THE_SECRETARIAT = List.of("chair", "observer", "delegate-phl");

    @Autowired
    private ApiClient api;

    @Test
    void aCancelledConsultationsReasonReachesEveryReader() {
        String cid = newConsultationId("cancel-reason");
        feed(cid, SECRETARIAT, created(cid), new ConsultationCancelled(cid, Phase.OPEN, "Tabled twice by mistake."));

        for (String reader : READERS) {
            JsonNode consultation = api.ok(reader, "/api/consultations/" + cid);
            assertThat(consultation.path("cancellationReason").asString()).as(reader)
                    .isEqualTo("Tabled twice by mistake.");
        }
    }

    @Test
    void aWithdrawnProposalsReasonReachesEveryReaderInTheConsultationAndTheProposal() {
        String cid = newConsultationId("withdrawal-reason");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, delegate("MEX"), new ProposalSubmitted(cid, "p2", "Diasporas", "Summary", "MEX"),
                new ProposalWithdrawn(cid, "p2", "Merged with the diaspora proposal."));

        for (String reader : READERS) {
            JsonNode consultation = api.ok(reader, "/api/consultations/" + cid);
            assertThat(consultation.path("cancellationReason").isNull()).as(reader).isTrue();
            assertThat(consultation.path("proposals").get(0).path("withdrawalReason").isNull()).as(reader).isTrue();
            assertThat(consultation.path("proposals").get(1).path("withdrawalReason").asString()).as(reader)
                    .isEqualTo("Merged with the diaspora proposal.");
            assertThat(api.ok(reader, "/api/consultations/" + cid + "/proposals/p2").path("withdrawalReason").asString())
                    .as(reader).isEqualTo("Merged with the diaspora proposal.");
        }
    }

    @Test
    void anEditedCommentsHistoryReachesEveryReaderWithEachEarlierTextAndWhen() {
        String cid = newConsultationId("comment-history");
        String m1 = commentId(cid, "m1");
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        Instant written = feed(cid, delegate("PHL"),
                new CommentAdded(cid, "p1", m1, "delegate-phl", "PHL", "We suport it.", null));
        Instant edited = feed(cid, delegate("PHL"), new CommentEdited(cid, "p1", m1, "We support it."));

        for (String reader : READERS) {
            JsonNode comment = api.ok(reader, "/api/consultations/" + cid + "/proposals/p1").path("comments").get(0);
            assertThat(comment.path("text").asString()).as(reader).isEqualTo("We support it.");
            assertThat(comment.path("edited").asBoolean()).as(reader).isTrue();
            assertThat(Instant.parse(comment.path("editedAt").asString())).as(reader).isEqualTo(edited);
            JsonNode history = comment.path("history");
            assertThat(history.size()).as(reader).isEqualTo(1);
            assertThat(history.get(0).path("version").asInt()).isEqualTo(1);
            assertThat(history.get(0).path("text").asString()).isEqualTo("We suport it.");
            assertThat(Instant.parse(history.get(0).path("at").asString())).isEqualTo(written);
        }
    }

    @Test
    void aHiddenCommentsReasonReachesEveryReaderButItsTextAndEarlierTextsOnlyTheSecretariat() {
        String cid = newConsultationId("hidden-reason");
        String m1 = commentId(cid, "m1");
        String proposal = "/api/consultations/" + cid + "/proposals/p1";
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION));
        feed(cid, OBSERVER, new CommentAdded(cid, "p1", m1, "observer", null, "Cheap watches here.", null),
                new CommentEdited(cid, "p1", m1, "Cheap watches, today only."));
        Instant hidden = feed(cid, SECRETARIAT, new CommentHidden(cid, "p1", m1, "Advertising."));

        for (String reader : NOT_THE_SECRETARIAT) {
            for (String read : List.of(proposal, proposal + "?asOf=" + hidden)) {
                String body = api.body(reader, read);
                JsonNode comment = JSON.readTree(body).path("comments").get(0);
                assertThat(comment.path("status").asString()).isEqualTo("HIDDEN");
                assertThat(comment.path("hiddenReason").asString()).as("%s %s", reader, read).isEqualTo("Advertising.");
                assertThat(comment.path("text").isNull()).as("%s %s", reader, read).isTrue();
                assertThat(comment.path("history").isEmpty()).as("%s %s", reader, read).isTrue();
                assertThat(body).as("%s %s", reader, read).doesNotContain("Cheap watches");
            }
        }
        JsonNode asSecretariat = api.ok("secretariat", proposal).path("comments").get(0);
        assertThat(asSecretariat.path("text").asString()).isEqualTo("Cheap watches, today only.");
        assertThat(asSecretariat.path("history").get(0).path("text").asString()).isEqualTo("Cheap watches here.");
        assertThat(asSecretariat.path("hiddenReason").asString()).isEqualTo("Advertising.");
    }

    @Test
    void asOfBeforeTheReasonWasGivenThereIsNoneAndBeforeTheEditNoHistory() {
        String cid = newConsultationId("reasons-as-of");
        String m1 = commentId(cid, "m1");
        String consultation = "/api/consultations/" + cid;
        Instant before = feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Diasporas", "Summary", Proposer.ADMINISTRATION),
                new CommentAdded(cid, "p1", m1, "secretariat", null, "First words.", null));
        feed(cid, SECRETARIAT, new CommentEdited(cid, "p1", m1, "Second words."),
                new ProposalWithdrawn(cid, "p2", "Merged."),
                new ConsultationCancelled(cid, Phase.OPEN, "Postponed to next year."));

        JsonNode then = api.ok("observer", consultation + "?asOf=" + before);
        assertThat(then.path("cancellationReason").isNull()).isTrue();
        assertThat(then.path("proposals").get(1).path("withdrawalReason").isNull()).isTrue();
        assertThat(api.ok("observer", consultation + "/proposals/p1?asOf=" + before).path("comments").get(0)
                .path("history").isEmpty()).isTrue();
        JsonNode now = api.ok("observer", consultation);
        assertThat(now.path("cancellationReason").asString()).isEqualTo("Postponed to next year.");
        assertThat(now.path("proposals").get(1).path("withdrawalReason").asString()).isEqualTo("Merged.");
    }

    @Test
    void whoMayNotReadTheConsultationGetsNoReasonNorAnyCommentText() {
        String cid = newConsultationId("reasons-unread");
        String m1 = commentId(cid, "m1");
        String consultation = "/api/consultations/" + cid;
        feed(cid, SECRETARIAT, created(cid),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Summary", Proposer.ADMINISTRATION),
                new ProposalSubmitted(cid, "p2", "Diasporas", "Summary", Proposer.ADMINISTRATION),
                new ProposalWithdrawn(cid, "p2", "Merged away."));
        feed(cid, OBSERVER, new CommentAdded(cid, "p1", m1, "observer", null, "Cheap watches here.", null));
        Instant hidden = feed(cid, SECRETARIAT, new CommentHidden(cid, "p1", m1, "Advertising."),
                new ConsultationCancelled(cid, Phase.OPEN, "Postponed to next year."));

        for (String read : List.of(consultation, consultation + "/proposals/p1", consultation + "/proposals/p2",
                consultation + "?asOf=" + hidden, consultation + "/proposals/p1?asOf=" + hidden)) {
            Reply anonymous = api.perform(MockMvcRequestBuilders.get(URI.create(read)));
            assertThat(anonymous.status()).as(read).isEqualTo(401);
            Reply scrape = api.perform(MockMvcRequestBuilders.get(URI.create(read)).with(httpBasic("metrics", "demo")));
            assertThat(scrape.status()).as(read).isEqualTo(403);
            for (Reply refused : List.of(anonymous, scrape)) {
                assertThat(refused.text()).as(read)
                        .doesNotContain("Merged away", "Advertising", "Postponed", "Cheap watches");
            }
        }
        for (String reader : NOT_THE_SECRETARIAT) {
            Reply export = api.perform(MockMvcRequestBuilders.get("/api/audit/export?format=jsonl")
                    .with(httpBasic(reader, "demo")));
            assertThat(export.status()).as(reader).isEqualTo(403);
            assertThat(export.text()).doesNotContain("Cheap watches");
        }
    }
}
