package org.iom.idm.proposal;

public enum CommentStatus {
    VISIBLE,
    HIDDEN,
    RETRACTED
}
