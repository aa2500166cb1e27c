package org.iom.idm.architecture.broken.query;

import org.iom.idm.architecture.broken.command.CastBallotHandler;

/** A query side that calls into the command side instead of following its events. */
public class TallyView {

    private final CastBallotHandler commandSide = new CastBallotHandler();

    public int votes() {
        return commandSide.hashCode();
    }
}
