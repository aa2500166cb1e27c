package org.iom.idm.ballot;

import org.iom.idm.actor.Role;
import org.iom.idm.consultation.Phase;

import java.util.Set;

/**
 * While voting runs (and if a vote is cancelled) the tally and the ballots are sealed to the chair and the
 * secretariat; a delegate sees only its own ballot (CONTRACT §4).
 */
public final class BallotSecrecy {

    private static final Set<Phase> SEALED = Set.of(Phase.VOTING, Phase.CANCELLED);
    private static final Set<Role> SEE_SEALED = Set.of(Role.CHAIR, Role.SECRETARIAT);

    private BallotSecrecy() {
    }

    public static boolean maySee(Phase phase, Role role) {
        return !SEALED.contains(phase) || SEE_SEALED.contains(role);
    }
}
