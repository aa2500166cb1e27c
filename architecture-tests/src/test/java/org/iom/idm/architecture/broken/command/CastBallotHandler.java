package org.iom.idm.architecture.broken.command;

import org.iom.idm.architecture.broken.query.TallyView;

/** A command side that reads the query side's model instead of its own events. */
public class CastBallotHandler {

    public int votesSoFar(TallyView tally) {
        return tally.votes();
    }
}
