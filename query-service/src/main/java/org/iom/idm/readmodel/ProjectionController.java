package org.iom.idm.readmodel;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** For the secretariat's operators: the projections' state, and rebuilding every read model from the events. */
@RestController
@RequestMapping(path = "/api/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasRole('SECRETARIAT')")
class ProjectionController {

    private final Projections projections;

    ProjectionController(Projections projections) {
        this.projections = projections;
    }

    record Rebuild(List<String> processingGroups) {
    }

    @GetMapping
    List<ProjectionStatus> status() {
        return projections.status();
    }

    @PostMapping("/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Rebuild rebuild() {
        return new Rebuild(projections.rebuildAll());
    }
}
