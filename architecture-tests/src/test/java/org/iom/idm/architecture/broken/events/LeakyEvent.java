package org.iom.idm.architecture.broken.events;

import org.iom.idm.architecture.broken.command.CastBallotHandler;

/** An event that names a class of a service: the events module would then depend on that service. */
public record LeakyEvent(String consultationId, CastBallotHandler handledBy) {
}
