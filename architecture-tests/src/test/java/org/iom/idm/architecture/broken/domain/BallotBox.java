package org.iom.idm.architecture.broken.domain;

import org.axonframework.commandhandling.CommandHandler;
import org.springframework.http.HttpStatus;

/** An entity that handles a command and answers with an HTTP status. */
public class BallotBox {

    @CommandHandler
    public HttpStatus handle(String castBallot) {
        return new BallotRules().allows(castBallot) ? HttpStatus.NO_CONTENT : HttpStatus.CONFLICT;
    }
}
