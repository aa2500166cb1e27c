package org.iom.idm.consultation;

import org.iom.idm.rule.RefusalCode;
import org.iom.idm.rule.RuleRefused;

import java.util.Optional;

import static org.iom.idm.rule.RuleRefused.require;

/** CONTRACT §3 rule 1: a follow-up consultation's parent must be decided; looks up another consultation's phase. */
public interface ConsultationPhases {

    /** Empty when there is no such consultation. */
    Optional<Phase> phaseOf(String consultationId);

    /** A follow-up consultation (the workshop topics) follows a decided one, under an id of its own. */
    default void requireDecidedParent(String parentId, String consultationId) {
        Phase parentPhase = phaseOf(parentId).orElseThrow(() -> new RuleRefused(RefusalCode.NOT_FOUND,
                "no consultation '" + parentId + "' to follow up"));
        // Judged here: the parent is now loaded in this unit of work, where Axon refuses a second aggregate
        // with its id by an unchecked error before the event store could refuse the id.
        require(!parentId.equals(consultationId), RefusalCode.ALREADY_EXISTS,
                "consultation '" + consultationId + "' exists already; a follow-up needs its own id");
        require(parentPhase == Phase.DECIDED, RefusalCode.WRONG_PHASE,
                "a follow-up needs a decided parent; '" + parentId + "' is " + parentPhase);
    }
}
