package org.iom.idm.audit;

import org.iom.idm.actor.Role;
import org.iom.idm.audit.AuditQueries.AuditEntry;
import org.iom.idm.audit.AuditQueries.AuditFilter;
import org.iom.idm.audit.AuditQueries.FindAuditEntries;
import org.iom.idm.consultation.ConsultationQueries.ConsultationSummary;
import org.iom.idm.consultation.ConsultationQueries.FindConsultations;
import org.iom.idm.kit.problem.ErrorCode;
import org.iom.idm.kit.problem.RuleViolation;
import org.iom.idm.kit.security.IdmUser;
import org.iom.idm.ui.WebUiPage;
import org.iom.idm.web.Queries;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit trail as a table the secretariat filters by consultation, actor, event type and day (UTC). */
@WebUiPage
class AuditTrailPage {

    private final Queries queries;

    AuditTrailPage(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/audit")
    String audit(@RequestParam(required = false) String consultationId,
                 @RequestParam(required = false) String actor,
                 @RequestParam(required = false) String type,
                 @RequestParam(required = false) String from,
                 @RequestParam(required = false) String to,
                 @RequestParam(required = false) Long after,
                 @AuthenticationPrincipal IdmUser me, Model model) {
        if (me.role() != Role.SECRETARIAT) {
            throw new RuleViolation(ErrorCode.FORBIDDEN, "the audit trail is for the secretariat only");
        }
        model.addAttribute("consultations", queries.list(new FindConsultations(), ConsultationSummary.class));
        model.addAttribute("types", AuditController.TYPES);
        model.addAttribute("entries", List.of());
        try {
            String fromInstant = startOf(from, 0);
            String toInstant = startOf(to, 1);
            model.addAttribute("exportUrl", exportUrl(consultationId, actor, type, fromInstant, toInstant));
            AuditFilter filter = AuditController.filter(blankToNull(consultationId), blankToNull(actor),
                    blankToNull(type), fromInstant, toInstant);
            List<AuditEntry> entries = queries.list(new FindAuditEntries(filter, after == null ? 0 : after,
                    AuditController.DEFAULT_LIMIT + 1), AuditEntry.class);
            boolean more = entries.size() > AuditController.DEFAULT_LIMIT;
            List<AuditEntry> page = more ? entries.subList(0, AuditController.DEFAULT_LIMIT) : entries;
            model.addAttribute("entries", page);
            model.addAttribute("next", more ? page.get(page.size() - 1).position() : null);
        } catch (RuleViolation invalid) {
            model.addAttribute("filterError", true);
        }
        return "audit";
    }

    /** The CSV export of what the table shows: the same filters, the days as the API's instants. */
    private static String exportUrl(String consultationId, String actor, String type, String from, String to) {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath("/api/audit/export").queryParam("format", "csv");
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("consultationId", blankToNull(consultationId));
        filters.put("actor", blankToNull(actor));
        filters.put("type", blankToNull(type));
        filters.put("from", from);
        filters.put("to", to);
        filters.forEach((name, value) -> {
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
