package org.iom.kit.security.events;

import org.iom.kit.problem.ErrorCode;
import org.iom.kit.problem.RuleViolation;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * GET /api/admin/security-events: this service's refused sign-ins and tokens, newest first, a page at a time;
 * {@code next} is the {@code before} of the following page (null on the last). For the secretariat only.
 */
@RestController
@RequestMapping(path = "/api/admin/security-events", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasRole('SECRETARIAT')")
class SecurityEventsController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final SecurityEvents events;

    SecurityEventsController(SecurityEvents events) {
        this.events = events;
    }

    record Page(List<SecurityEvent> events, Long next) {
    }

    @GetMapping
    Page newestFirst(@RequestParam(required = false) String before, @RequestParam(required = false) String limit) {
        int size = limit == null ? DEFAULT_LIMIT : Math.toIntExact(number("limit", limit, 1, MAX_LIMIT));
        Long older = before == null ? null : number("before", before, 1, Long.MAX_VALUE);
        // One more than asked tells whether there is a next page.
        List<SecurityEvent> found = events.newestFirst(older, size + 1);
        return found.size() > size ? new Page(found.subList(0, size), found.get(size - 1).id())
                : new Page(found, null);
    }

    private static long number(String name, String value, long least, long most) {
        try {
            long number = Long.parseLong(value.trim());
            if (number >= least && number <= most) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new RuleViolation(ErrorCode.VALIDATION_FAILED,
                "'" + name + "' must be a number from " + least + " to " + most + "; got '" + value + "'");
    }
}
