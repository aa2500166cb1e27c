package org.iom.idm.membership;

import org.iom.idm.actor.Actor;
import org.iom.idm.actor.Role;
import org.iom.idm.rule.RefusalCode;

import java.util.Optional;

import static org.iom.idm.rule.RuleRefused.require;

/**
 * What the command side knows of the accreditation roster (CONTRACT §9) when it judges a delegate's command: a
 * delegate acts only under the accreditation it holds now, in the state and the capacity its command names.
 */
public interface AccreditationRoster {

    /** Empty when the person holds no current accreditation (never accredited, or withdrawn). */
    Optional<Accreditation> accreditationOf(String user);

    /**
     * Refuses a delegate who does not speak for its state now: without a current accreditation to it in the
     * capacity the command was sent in, or as an adviser, who reads and comments only.
     */
    default void requireSpeaksForState(Actor actor, String action) {
        Accreditation current = requireCurrent(actor, action);
        require(current.capacity().speaksForState(), RefusalCode.FORBIDDEN,
                "an adviser of " + current.memberState() + " does not " + action);
    }

    /** A delegate needs a current accreditation, in any capacity; anyone else is judged by their role. */
    default void requireCurrentIfDelegate(Actor actor, String action) {
        if (actor.is(Role.DELEGATE)) {
            requireCurrent(actor, action);
        }
    }

    private Accreditation requireCurrent(Actor actor, String action) {
        Accreditation current = actor.is(Role.DELEGATE) ? accreditationOf(actor.username()).orElse(null) : null;
        require(current != null && current.memberState().equals(actor.memberState())
                        && current.capacity() == actor.capacity(), RefusalCode.FORBIDDEN,
                actor.username() + " holds no current accreditation to " + actor.memberState()
                        + (actor.capacity() == null ? "" : " as " + actor.capacity()) + ", so does not " + action);
        return current;
    }
}
