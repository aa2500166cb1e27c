package org.iom.idm.audit;

import org.iom.idm.actor.Role;
import org.iom.idm.ballot.BallotEvent.BallotCast;
import org.iom.idm.ballot.BallotEvent.BallotChanged;
import org.iom.idm.consultation.ConsultationEvent.ConsultationCreated;
import org.iom.idm.consultation.ConsultationEvent.VotingOpened;
import org.iom.kit.security.IdmUser;
import org.iom.idm.membership.MembershipEvent.MemberStateRegistered;
import org.iom.idm.proposal.CommentEvent.CommentAdded;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.proposal.Proposer;
import org.iom.idm.readmodel.AbstractProjectionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail page as the secretariat reads it: what happened in the reader's language, actors by role or for
 * their state, and links that keep the filters. Browser behaviour (paging, narrow screens) is in system-tests'
 * WebUiAuditTrailTest.
 */
class AuditTrailPageTest extends AbstractProjectionTest {

    private static final IdmUser SECRETARIAT_USER = new IdmUser("secretariat", "", Role.SECRETARIAT, null);
    private static final Pattern ROW = Pattern.compile("<tr [^>]*data-type=\"([^\"]+)\"[^>]*>(.*?)</tr>",
            Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td [^>]*>(.*?)</td>", Pattern.DOTALL);
    private static final int POSITION = 0;
    private static final int ACTOR = 3;
    private static final int WHAT_HAPPENED = 4;
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    @Autowired
    private WebApplicationContext context;

    /** No projection may fail on the events these tests feed. */
    @Override
    protected boolean failsOnEventHandlerErrors() {
        return true;
    }

    @Test
    void whatHappenedIsSaidInTheReadersLanguage() {
        Theme theme = theme();

        Map<String, String> french = narrations(page("/audit?lang=fr&consultationId=" + theme.cid()));
        Map<String, String> spanish = narrations(page("/audit?lang=es&consultationId=" + theme.cid()));

        assertThat(french).containsEntry("VotingOpened",
                "La présidence a ouvert le vote : 186 États membres peuvent voter, quorum de 94 Avant : Ouverte "
                        + "Après : Vote en cours");
        assertThat(french).containsEntry("BallotChanged", "Côte d'Ivoire a modifié son vote : auparavant "
                + "« South-South Migration », désormais « Migration and Social Change » "
                + "Avant : « South-South Migration » Après : « Migration and Social Change »");
        assertThat(spanish.get("VotingOpened"))
                .startsWith("La Presidencia abrió la votación: 186 Estados miembros pueden votar, quórum de 94");
        assertThat(spanish.get("ConsultationCreated")).isEqualTo("La Secretaría creó la consulta «Theme "
                + theme.cid() + "»");
    }

    @Test
    void staffAreNamedByRoleAndADelegateForItsStateWithTheUserNameInTheTitle() {
        Theme theme = theme();

        String html = page("/audit?consultationId=" + theme.cid());

        assertThat(column(html, ACTOR)).containsExactly("Delegate of Côte d'Ivoire", "Delegate of Côte d'Ivoire",
                "The Secretariat", "The Chair", "The Secretariat", "The Secretariat");
        assertThat(html).contains("<span class=\"actor\" title=\"" + delegate(theme.state()).username()
                + "\">Delegate of Côte d&#39;Ivoire</span>");
    }

    @Test
    void anEntryWrittenBeforeTheNarrationWasKeptShowsItsEnglishSummary() {
        Theme theme = theme();
        long position = db.sql("select event_position from audit_entry where consultation_id = ? "
                + "and event_type = 'VotingOpened'").param(theme.cid()).query(Long.class).single();
        String narration = db.sql("select narration from audit_entry where event_position = ?").param(position)
                .query(String.class).single();
        db.sql("update audit_entry set narration = null where event_position = ?").param(position).update();
        try {
            Map<String, String> french = narrations(page("/audit?lang=fr&consultationId=" + theme.cid()));

            assertThat(french.get("VotingOpened")).isEqualTo("The chair (chair) opened voting: 186 member states "
                    + "eligible, quorum 94 Avant : OPEN Après : VOTING");
            assertThat(french.get("BallotChanged")).startsWith("Côte d'Ivoire a modifié son vote");
        } finally {
            db.sql("update audit_entry set narration = ? where event_position = ?").params(narration, position)
                    .update();
        }
    }

    @Test
    void theExportAndTheOlderAndNewerPagesKeepEveryFilter() {
        String state = newMemberStateCode();
        feedMemberState(state, new MemberStateRegistered(state, "Kenya"));
        String cid = newConsultationId("audit-page-links");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Theme " + cid, "Which?", null, 1, null, null),
                new ProposalSubmitted(cid, "p1", "First", "Why", Proposer.ADMINISTRATION));
        List<Object> comments = new ArrayList<>();
        for (int i = 0; i < AuditTrailPage.PAGE_SIZE + 2; i++) {
            comments.add(new CommentAdded(cid, "p1", UUID.randomUUID().toString(), delegate(state).username(),
                    state, "Comment " + i, null));
        }
        String day = LocalDate.ofInstant(feed(cid, delegate(state), comments.toArray()), ZoneOffset.UTC).toString();
        String filters = "consultationId=" + cid + "&memberState=" + state + "&actor=DELEGATE&type=CommentAdded"
                + "&from=" + day + "&to=" + day;

        String first = page("/audit?" + filters);
        String older = href(first, "audit-older");
        String second = page(older);
        String newer = href(second, "audit-newer");

        assertThat(href(first, "audit-export")).startsWith("/api/audit/export?format=csv&consultationId=" + cid
                + "&memberState=" + state + "&actor=DELEGATE&type=CommentAdded&from=" + day + "T00:00:00Z&to=");
        assertThat(older).startsWith("/audit?before=").endsWith("&" + filters);
        assertThat(newer).startsWith("/audit?after=").endsWith("&" + filters);
        assertThat(column(page(newer), POSITION)).isEqualTo(column(first, POSITION)).hasSize(AuditTrailPage.PAGE_SIZE);
        assertThat(text(first)).contains("Entries 1–50 of 52");
        assertThat(text(second)).contains("Entries 51–52 of 52");
        assertThat(first).doesNotContain("id=\"audit-newer\"");
        assertThat(second).doesNotContain("id=\"audit-older\"");
    }

    // ---- fixtures ----

    private record Theme(String cid, String state) {
    }

    /** Created, a proposal of the Administration's and one of Côte d'Ivoire's, voting, a ballot cast and changed. */
    private Theme theme() {
        String state = newMemberStateCode();
        feedMemberState(state, new MemberStateRegistered(state, "Côte d'Ivoire"));
        String cid = newConsultationId("audit-page");
        feed(cid, SECRETARIAT, new ConsultationCreated(cid, "Theme " + cid, "Which?", null, 1, null, null),
                new ProposalSubmitted(cid, "p1", "South-South Migration", "Why", Proposer.ADMINISTRATION));
        feed(cid, CHAIR, new VotingOpened(cid, 186, 94));
        feed(cid, SECRETARIAT, new ProposalSubmitted(cid, "p2", "Migration and Social Change", "Why",
                Proposer.ADMINISTRATION));
        feed(cid, delegate(state), new BallotCast(cid, state, List.of("p1"), false),
                new BallotChanged(cid, state, List.of("p2"), false));
        return new Theme(cid, state);
    }

    // ---- reading the page ----

    private String page(String path) {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        try {
            var response = mvc.perform(MockMvcRequestBuilders.get(URI.create(path))
                    .with(SecurityMockMvcRequestPostProcessors.user(SECRETARIAT_USER))).andReturn().getResponse();
            assertThat(response.getStatus()).as(path).isEqualTo(200);
            return response.getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }

    /** Each row's event type and its "what happened" cell, as a reader sees the text. */
    private static Map<String, String> narrations(String html) {
        Map<String, String> byType = new LinkedHashMap<>();
        Matcher rows = ROW.matcher(html);
        while (rows.find()) {
            byType.put(rows.group(1), cells(rows.group(2)).get(WHAT_HAPPENED));
        }
        return byType;
    }

    /** The texts of the cells in one column, row by row. */
    private static List<String> column(String html, int column) {
        List<String> texts = new ArrayList<>();
        Matcher rows = ROW.matcher(html);
        while (rows.find()) {
            texts.add(cells(rows.group(2)).get(column));
        }
        return texts;
    }

    private static List<String> cells(String row) {
        List<String> texts = new ArrayList<>();
        Matcher cells = CELL.matcher(row);
        while (cells.find()) {
            texts.add(text(cells.group(1)));
        }
        return texts;
    }

    private static String href(String html, String id) {
        Matcher link = Pattern.compile("id=\"" + id + "\"[^>]*href=\"([^\"]+)\"").matcher(html);
        assertThat(link.find()).as("a link #%s", id).isTrue();
        return HtmlUtils.htmlUnescape(link.group(1));
    }

    /** Without tags and entities, and with every run of white space (no-break ones too) as one space. */
    private static String text(String html) {
        return HtmlUtils.htmlUnescape(TAG.matcher(html).replaceAll(" "))
                .replaceAll("[\\s\\u00a0\\u202f]+", " ").trim();
    }
}
