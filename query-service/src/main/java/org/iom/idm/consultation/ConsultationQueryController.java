package org.iom.idm.consultation;

import org.iom.idm.actor.Role;
import org.iom.idm.asof.AsOfReads;
import org.iom.idm.consultation.ConsultationQueries.ConsultationDetail;
import org.iom.idm.consultation.ConsultationQueries.ConsultationSummary;
import org.iom.idm.consultation.ConsultationQueries.FindConsultation;
import org.iom.idm.consultation.ConsultationQueries.FindConsultations;
import org.iom.kit.security.IdmUser;
import org.iom.idm.proposal.ProposalQueries.FindProposal;
import org.iom.idm.proposal.ProposalQueries.ProposalDetail;
import org.iom.idm.web.Queries;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping(path = "/api/consultations", produces = MediaType.APPLICATION_JSON_VALUE)
class ConsultationQueryController {

    private final Queries queries;
    private final AsOfReads asOfReads;

    ConsultationQueryController(Queries queries, AsOfReads asOfReads) {
        this.queries = queries;
        this.asOfReads = asOfReads;
    }

    @GetMapping
    List<ConsultationSummary> consultations() {
        return queries.list(new FindConsultations(), ConsultationSummary.class);
    }

    /** With {@code asOf}, as it stood then (CONTRACT §7); so too the proposal below. */
    @GetMapping("/{cid}")
    ConsultationDetail consultation(@PathVariable String cid, @RequestParam(required = false) String asOf) {
        return asOfReads.queries(cid, asOf).one(new FindConsultation(cid), ConsultationDetail.class, "no consultation '" + cid + "'");
    }

    /** A hidden comment's text reaches the secretariat only (CONTRACT §3, rule 3). */
    @GetMapping("/{cid}/proposals/{pid}")
    ProposalDetail proposal(@PathVariable String cid, @PathVariable String pid, @AuthenticationPrincipal IdmUser user,
                            @RequestParam(required = false) String asOf) {
        ProposalDetail proposal = asOfReads.queries(cid, asOf).one(new FindProposal(cid, pid), ProposalDetail.class,
                "no proposal '" + pid + "' in consultation '" + cid + "'");
        return proposal.visibleTo(user.role() == Role.SECRETARIAT);
    }
}
