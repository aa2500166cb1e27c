package org.iom.idm.readmodel;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * For the secretariat's operators: the projections' state, rebuilding every read model from the events, and
 * the events a read model parked because it could not process them.
 */
@RestController
@RequestMapping(path = "/api/admin", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasRole('SECRETARIAT')")
class ProjectionController {

    private final Projections projections;
    private final DeadLetters deadLetters;

    ProjectionController(Projections projections, DeadLetters deadLetters) {
        this.projections = projections;
        this.deadLetters = deadLetters;
    }

    record Rebuild(List<String> processingGroups) {
    }

    @GetMapping("/projections")
    List<ProjectionStatus> status() {
        return projections.status();
    }

    @PostMapping("/projections/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Rebuild rebuild() {
        return new Rebuild(projections.rebuildAll());
    }

    @GetMapping("/dead-letters")
    List<DeadLetters.GroupCount> parkedCounts() {
        return deadLetters.counts();
    }

    @GetMapping("/dead-letters/{processingGroup}")
    List<DeadLetters.ParkedEvent> parked(@PathVariable String processingGroup) {
        return deadLetters.list(processingGroup);
    }

    @PostMapping("/dead-letters/{processingGroup}/retry")
    DeadLetters.Retry retry(@PathVariable String processingGroup) {
        return deadLetters.retry(processingGroup);
    }
}
