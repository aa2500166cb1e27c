package org.iom.idm.consultation;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonBackReference;
import com.fasterxml.jackson.annotation.JsonManagedReference;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.ForwardMatchingInstances;
import org.iom.idm.actor.Actor;
import org.iom.idm.membership.AccreditationRoster;
import org.iom.idm.proposal.ProposalCommands.OnComment;
import org.iom.idm.proposal.ProposalCommands.OnProposal;
import org.iom.idm.proposal.ProposalCommands.SubmitProposal;
import org.iom.idm.proposal.ProposalEvent.ProposalSubmitted;
import org.iom.idm.rule.RefusalCode;

import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.iom.idm.rule.RuleRefused.require;

/**
 * CONTRACT §3 rule 2: a consultation's proposals, submitted only while it is open, their titles unique among them
 * all (withdrawn ones included), their ids made from their titles. Each proposal is an entity of its own.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
class Proposals {

    @JsonBackReference
    private Consultation consultation;
    @AggregateMember(eventForwardingMode = ForwardMatchingInstances.class)
    @JsonManagedReference
    private Map<String, Proposal> byId = new LinkedHashMap<>();

    private Proposals() {
        // for snapshots
    }

    Proposals(Consultation consultation) {
        this.consultation = consultation;
    }

    /** Answers the proposal's id: the given one, or else the first free one made from its title. */
    @CommandHandler
    String handle(SubmitProposal command, Actor actor, AccreditationRoster roster) {
        String proposer = Proposal.proposerFor(actor, roster);
        consultation.requirePhase(Phase.OPEN, "submit proposals");
        require(!byId.containsKey(command.proposalId()), RefusalCode.ALREADY_EXISTS,
                "proposal '" + command.proposalId() + "' exists already");
        requireUniqueTitle(command.title(), null);
        String proposalId = command.proposalId() != null ? command.proposalId()
                : ProposalTitles.newId(byId.keySet(), command.title());
        apply(new ProposalSubmitted(consultation.consultationId(), proposalId, command.title(), command.summary(),
                proposer));
        return proposalId;
    }

    Consultation consultation() {
        return consultation;
    }

    /** The proposal, and the comment, that a command names exist here. */
    void requireTarget(OnProposal command) {
        Proposal proposal = requireProposal(command.proposalId());
        if (command instanceof OnComment onComment) {
            proposal.requireComment(onComment.commentId());
        }
    }

    void requireActive(String proposalId) {
        requireProposal(proposalId).requireActive();
    }

    /**
     * A selection of exactly the consultation's {@code selectCount} distinct active proposals, as a decision or a
     * draft decision ({@code what}) names them; returns it, empty for none.
     */
    List<String> requireSelection(List<String> selected, String what) {
        List<String> chosen = selected == null ? List.of() : selected;
        int selectCount = consultation.selectCount();
        require(new HashSet<>(chosen).size() == chosen.size(), RefusalCode.VALIDATION_FAILED,
                "selected proposals must be distinct", "selected");
        require(chosen.size() == selectCount, RefusalCode.VALIDATION_FAILED,
                what + " selects exactly " + selectCount + " proposal(s), not " + chosen.size(), "selected");
        chosen.forEach(this::requireActive);
        return chosen;
    }

    /** The proposal's current version: 1, raised by each amendment (rule 2). */
    int versionOf(String proposalId) {
        return requireProposal(proposalId).version();
    }

    List<String> activeIds() {
        return byId.values().stream().filter(Proposal::isActive).map(Proposal::id).toList();
    }

    void requireUniqueTitle(String title, String exceptProposalId) {
        ProposalTitles.requireUnique(byId.values(), title, exceptProposalId);
    }

    /** Comment ids are unique within the consultation. */
    boolean hasComment(String commentId) {
        return byId.values().stream().anyMatch(proposal -> proposal.hasComment(commentId));
    }

    @EventSourcingHandler
    void on(ProposalSubmitted event) {
        byId.put(event.proposalId(), new Proposal(this, event));
    }

    private Proposal requireProposal(String proposalId) {
        Proposal proposal = byId.get(proposalId);
        require(proposal != null, RefusalCode.NOT_FOUND,
                "no proposal '" + proposalId + "' in " + consultation.consultationId());
        return proposal;
    }
}
