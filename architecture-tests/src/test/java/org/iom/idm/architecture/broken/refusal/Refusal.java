package org.iom.idm.architecture.broken.refusal;

import org.springframework.http.HttpStatus;

/** A refusal that knows its HTTP status, as the kit's ErrorCode does today. */
public class Refusal {

    public HttpStatus status() {
        return HttpStatus.CONFLICT;
    }
}
