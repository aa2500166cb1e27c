package org.iom.idm.audit;

import org.iom.idm.actor.Role;
import org.iom.idm.audit.AuditQueries.AuditEntry;
import org.iom.idm.audit.AuditQueries.AuditFilter;
import org.iom.idm.audit.AuditQueries.AuditHead;
import org.iom.idm.audit.AuditQueries.FindAuditHead;
import org.iom.idm.audit.AuditQueries.AuditPage;
import org.iom.idm.audit.AuditQueries.CountAuditEntries;
import org.iom.idm.audit.AuditQueries.FindAuditEntries;
import org.iom.idm.audit.AuditQueries.Order;
import org.iom.idm.ballot.BallotEvent;
import org.iom.idm.ballot.BallotSecrecy;
import org.iom.idm.consultation.ConsultationEvent;
import org.iom.idm.consultation.ConsultationQueries.ConsultationSummary;
import org.iom.idm.consultation.ConsultationQueries.FindConsultations;
import org.iom.idm.consultation.Phase;
import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.iom.kit.security.IdmUser;
import org.iom.idm.membership.MembershipEvent;
import org.iom.idm.proposal.CommentEvent;
import org.iom.idm.proposal.ProposalEvent;
import org.iom.idm.web.Queries;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The audit trail, page by page or as a file; for the secretariat only (CONTRACT §4). */
@RestController
@RequestMapping(path = "/api/audit")
class AuditController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** The export reads the trail in pages of this size and writes each before reading the next. */
    static final int EXPORT_PAGE = 500;
    private static final Pattern CONSULTATION_ID = Pattern.compile("[a-z0-9-]{3,64}");
    private static final Pattern MEMBER_STATE = Pattern.compile("[A-Z]{3}");
    private static final int MAX_ACTOR_LENGTH = 255;
    /** The event types there are: every record of the sealed event interfaces. */
    static final Set<String> TYPES = Stream.of(ConsultationEvent.class, ProposalEvent.class,
                    CommentEvent.class, BallotEvent.class, MembershipEvent.class)
            .flatMap(events -> Stream.of(events.getPermittedSubclasses()))
            .map(Class::getSimpleName)
            .collect(Collectors.toCollection(TreeSet::new));

    private final Queries queries;
    private final JsonMapper json;
    private final AuditVerifier verifier;

    AuditController(Queries queries, JsonMapper json, AuditVerifier verifier) {
        this.queries = queries;
        this.json = json;
        this.verifier = verifier;
    }

    /** The trail recomputed from the event store itself and compared entry by entry. */
    @GetMapping(path = "/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    AuditVerifier.Verification verify(@AuthenticationPrincipal IdmUser user) {
        requireSecretariat(user);
        return verifier.verify();
    }

    /**
     * The newest entry, for anyone signed in to write down and check later (CONTRACT §7). While a vote is sealed, who
     * may not see its count gets the newest entry before its first ballot: a head that moved with every ballot would
     * show the turnout.
     */
    @GetMapping(path = "/head", produces = MediaType.APPLICATION_JSON_VALUE)
    AuditHead head(@AuthenticationPrincipal IdmUser user) {
        Set<String> sealed = queries.list(new FindConsultations(), ConsultationSummary.class).stream()
                .filter(consultation -> consultation.phase() == Phase.VOTING
                        && !BallotSecrecy.maySee(consultation.phase(), user.role()))
                .map(ConsultationSummary::id)
                .collect(Collectors.toSet());
        return queries.one(new FindAuditHead(sealed), AuditHead.class, "the audit trail is empty");
    }

    /**
     * One page of the trail: oldest first unless {@code order=desc}, from the start or next to the position given
     * ({@code after} for newer entries, {@code before} for older ones), with the total that passes the filters.
     */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    AuditPage audit(AuditParameters parameters, @AuthenticationPrincipal IdmUser user) {
        requireSecretariat(user);
        return page(queries, new FindAuditEntries(parameters.filter(), after(parameters.after()),
                before(parameters.before()), order(parameters.order()), limit(parameters.limit())));
    }

    /**
     * The page the query asks for, with where it stands among all the entries that pass its filter: those before it
     * in its order are counted, so the pages either side of it are known without reading them.
     */
    static AuditPage page(Queries queries, FindAuditEntries query) {
        List<AuditEntry> entries = queries.list(query, AuditEntry.class);
        boolean newestFirst = query.order() == Order.DESC;
        long total = count(queries, query.filter(), 0, null);
        if (entries.isEmpty()) {
            // Nothing next to the position given: every entry lies on the side the page was asked not to go.
            boolean forward = newestFirst ? query.before() != null : query.after() > 0;
            return new AuditPage(entries, null, null, null, total, forward ? total : 0);
        }
        long first = entries.get(0).position();
        long last = entries.get(entries.size() - 1).position();
        long offset = newestFirst ? count(queries, query.filter(), first, null)
                : count(queries, query.filter(), 0, first);
        boolean earlier = offset > 0;
        boolean later = offset + entries.size() < total;
        Long newer = newestFirst ? (earlier ? first : null) : (later ? last : null);
        Long older = newestFirst ? (later ? last : null) : (earlier ? first : null);
        return new AuditPage(entries, newestFirst ? older : newer, newer, older, total, offset);
    }

    private static long count(Queries queries, AuditFilter filter, long after, Long before) {
        return queries.optional(new CountAuditEntries(filter, after, before), Long.class).orElse(0L);
    }

    /** Every entry that passes the filters, streamed page by page, so a long trail never sits in memory whole. */
    @GetMapping("/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String format,
                                                 AuditParameters parameters,
                                                 @AuthenticationPrincipal IdmUser user) {
        requireSecretariat(user);
        AuditExport.Format exportFormat = AuditExport.Format.of(format);
        AuditFilter filter = parameters.filter();
        boolean checkable = exportFormat == AuditExport.Format.JSONL && filter.equals(AuditFilter.none());
        StreamingResponseBody body = checkable ? out -> exportToCheck(out) : out -> {
            try (AuditExport.Sink sink = AuditExport.open(exportFormat, out, json)) {
                long after = 0;
                List<AuditEntry> page;
                do {
                    page = queries.list(new FindAuditEntries(filter, after, EXPORT_PAGE), AuditEntry.class);
                    for (AuditEntry entry : page) {
                        sink.write(entry);
                        after = entry.position();
                    }
                    sink.flush();
                } while (page.size() == EXPORT_PAGE);
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(exportFormat.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(exportFormat.fileName()).build().toString())
                .body(body);
    }

    /**
     * The whole trail as JSON Lines for an outsider to check (docs/audit-chain.md): each entry with the canonical
     * form of the store's event at its position as the store holds it now, and a line for every position where
     * only one of the two has something, so that a verifier of the file finds what GET /api/audit/verify finds.
     */
    private void exportToCheck(OutputStream out) throws IOException {
        try (AuditExport.Sink sink = AuditExport.open(AuditExport.Format.JSONL, out, json)) {
            long[] written = {0};
            verifier.compare(compared -> {
                AuditEntry entry = compared.entry() == null
                        ? AuditEntry.missing(compared.position(), compared.canonical())
                        : compared.entry().besideTheStores(compared.canonical());
                try {
                    sink.write(entry);
                    if (++written[0] % EXPORT_PAGE == 0) {
                        sink.flush();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void requireSecretariat(IdmUser user) {
        if (user == null || user.role() != Role.SECRETARIAT) {
            throw new RuleViolation(ErrorCode.FORBIDDEN, "the audit trail is for the secretariat only");
        }
    }

    static AuditFilter filter(String consultationId, String memberState, String actor, String type, String from,
                              String to) {
        if (consultationId != null && !CONSULTATION_ID.matcher(consultationId).matches()) {
            throw invalid("'consultationId' must match [a-z0-9-]{3,64}");
        }
        if (memberState != null && !MEMBER_STATE.matcher(memberState).matches()) {
            throw invalid("'memberState' must be a member state's code of three capital letters, e.g. PHL; got '"
                    + memberState + "'");
        }
        if (actor != null && (actor.isBlank() || actor.length() > MAX_ACTOR_LENGTH)) {
            throw invalid("'actor' must be (part of) a user name of 1.." + MAX_ACTOR_LENGTH + " characters");
        }
        if (type != null && !TYPES.contains(type)) {
            throw invalid("'type' must be one of " + String.join(", ", TYPES) + "; got '" + type + "'");
        }
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && fromInstant.isAfter(toInstant)) {
            throw invalid("'from' must not be after 'to'");
        }
        return new AuditFilter(consultationId, memberState, actor, type, fromInstant, toInstant);
    }

    /** ISO-8601 with a zone offset, e.g. 2010-03-01T09:00:00Z or 2010-03-01T10:00:00+01:00. */
    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("'" + name + "' must be an ISO-8601 instant such as 2010-03-01T09:00:00Z"
                    + " (encode '+' as %2B); got '" + value + "'");
        }
    }

    /** 0: from the start. */
    static long after(String value) {
        Long position = position("after", value, 0);
        return position == null ? 0 : position;
    }

    /** Null: to the end. */
    static Long before(String value) {
        return position("before", value, 1);
    }

    private static Long position(String name, String value, long least) {
        if (value == null) {
            return null;
        }
        try {
            long position = Long.parseLong(value.trim());
            if (position >= least) {
                return position;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid("'" + name + "' must be a position of " + least + " or more; got '" + value + "'");
    }

    /** Oldest first unless asked otherwise. */
    static Order order(String value) {
        if (value == null) {
            return Order.ASC;
        }
        for (Order candidate : Order.values()) {
            if (candidate.name().equalsIgnoreCase(value.trim())) {
                return candidate;
            }
        }
        throw invalid("'order' must be asc or desc; got '" + value + "'");
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid("'limit' must be a number from 1 to " + MAX_LIMIT + "; got '" + value + "'");
    }

    private static RuleViolation invalid(String detail) {
        return new RuleViolation(ErrorCode.VALIDATION_FAILED, detail);
    }
}
