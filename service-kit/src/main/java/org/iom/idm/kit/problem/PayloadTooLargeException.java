package org.iom.idm.kit.problem;

import java.io.IOException;

/** Raised while reading a request body that outgrows the limit, so reading stops at once. */
public class PayloadTooLargeException extends IOException {

    public PayloadTooLargeException(long limit) {
        super("the request body exceeds " + limit + " bytes");
    }
}
