package org.iom.idm.audit;

import org.iom.idm.actor.Role;
import org.iom.idm.audit.AuditNarrator.Narration;
import org.iom.idm.audit.AuditQueries.AuditEntry;
import org.iom.idm.audit.AuditQueries.AuditFilter;
import org.iom.idm.audit.AuditQueries.AuditPage;
import org.iom.idm.audit.AuditQueries.FindAuditEntries;
import org.iom.idm.audit.AuditQueries.Order;
import org.iom.idm.consultation.ConsultationQueries.ConsultationSummary;
import org.iom.idm.consultation.ConsultationQueries.FindConsultations;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.kit.security.IdmUser;
import org.iom.idm.ui.WebUiPage;
import org.iom.idm.ui.WebUiPages;
import org.iom.idm.web.Queries;
import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.UriComponentsBuilder;

import java.text.Collator;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The audit trail as a table, newest first, page by page either way, that the secretariat filters by consultation,
 * member state, actor, event type and day (UTC). Actors are named by role, delegates for their state, and each
 * entry says what happened in the reader's language.
 */
@WebUiPage
class AuditTrailPage {

    static final int PAGE_SIZE = 50;

    private final Queries queries;
    private final WebUiPages pages;
    private final AuditWords words;

    AuditTrailPage(Queries queries, WebUiPages pages, MessageSource messages) {
        this.queries = queries;
        this.pages = pages;
        this.words = new AuditWords(messages);
    }

    /** An entry as the table shows it: its actor and what happened, in the reader's language. */
    record Row(AuditEntry entry, String actor, String summary, String before, String after) {
    }

    @GetMapping("/audit")
    String audit(AuditParameters parameters, @AuthenticationPrincipal IdmUser me, Locale locale, Model model) {
        if (me.role() != Role.SECRETARIAT) {
            throw new RuleViolation(ErrorCode.FORBIDDEN, "the audit trail is for the secretariat only");
        }
        Map<String, String> states = pages.stateNames();
        model.addAttribute("consultations", queries.list(new FindConsultations(), ConsultationSummary.class));
        model.addAttribute("states", byName(states, locale));
        model.addAttribute("types", AuditController.TYPES);
        model.addAttribute("rows", List.of());
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("consultationId", blankToNull(parameters.consultationId()));
        filters.put("memberState", blankToNull(parameters.memberState()));
        filters.put("actor", blankToNull(parameters.actor()));
        filters.put("type", blankToNull(parameters.type()));
        try {
            String fromInstant = startOf(parameters.from(), 0);
            String toInstant = startOf(parameters.to(), 1);
            AuditFilter filter = AuditController.filter(filters.get("consultationId"), filters.get("memberState"),
                    filters.get("actor"), filters.get("type"), fromInstant, toInstant);
            Map<String, String> exported = new LinkedHashMap<>(filters);
            exported.put("from", fromInstant);
            exported.put("to", toInstant);
            model.addAttribute("exportUrl", link("/api/audit/export?format=csv", exported));
            AuditPage page = AuditController.page(queries, new FindAuditEntries(filter, AuditController.after(parameters.after()),
                    AuditController.before(parameters.before()), Order.DESC, PAGE_SIZE));
            model.addAttribute("page", page);
            model.addAttribute("rows", page.entries().stream().map(entry -> row(entry, states, locale)).toList());
            Map<String, String> shown = new LinkedHashMap<>(filters);
            shown.put("from", blankToNull(parameters.from()));
            shown.put("to", blankToNull(parameters.to()));
            model.addAttribute("newerUrl", page.newer() == null ? null : link("/audit?after=" + page.newer(), shown));
            model.addAttribute("olderUrl", page.older() == null ? null : link("/audit?before=" + page.older(), shown));
        } catch (RuleViolation invalid) {
            model.addAttribute("filterError", true);
        }
        return "audit";
    }

    /** The entry's words in the reader's language; an entry written before they were kept has its English. */
    private Row row(AuditEntry entry, Map<String, String> states, Locale locale) {
        String actor = words.sentence(AuditNarrator.actor(entry.actor(), entry.role(), entry.memberState(),
                states.getOrDefault(entry.memberState(), entry.memberState())), locale);
        if (entry.narration() == null) {
            return new Row(entry, actor, entry.summary(), entry.before(), entry.after());
        }
        Narration narration = AuditWords.narration(entry.narration());
        return new Row(entry, actor, words.sentence(narration.summary(), locale),
                words.say(narration.before(), locale), words.say(narration.after(), locale));
    }

    /** Member states by code, in the order of their names in the reader's language. */
    private static Map<String, String> byName(Map<String, String> states, Locale locale) {
        Collator collator = Collator.getInstance(locale);
        Map<String, String> sorted = new LinkedHashMap<>();
        states.entrySet().stream()
                .sorted(Map.Entry.comparingByValue(collator))
                .forEach(state -> sorted.put(state.getKey(), state.getValue()));
        return sorted;
    }

    /** The address with the parameters that have a value. */
    private static String link(String address, Map<String, String> parameters) {
        UriComponentsBuilder url = UriComponentsBuilder.fromUriString(address);
        parameters.forEach((name, value) -> {
            if (value != null) {
                url.queryParam(name, value);
            }
        });
        return url.encode().build().toUriString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A day's start (UTC) as the API's instant, or the next day's for the end of a range. */
    private static String startOf(String day, int plusDays) {
        String value = blankToNull(day);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value).plusDays(plusDays).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            throw new RuleViolation(ErrorCode.VALIDATION_FAILED, "'" + value + "' is not a day");
        }
    }
}
