package org.iom.idm.readmodel;

/**
 * Writing a batch's kept changes failed: no single event is to blame, so none is parked; the processor stops on
 * it and retries the batch from its last position (see {@link WritesWhenTheBatchCommits}).
 */
public class BatchWriteFailedException extends RuntimeException {

    public BatchWriteFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
