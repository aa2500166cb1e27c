package org.iom.idm.membership;

public enum VotingRights {
    ACTIVE,
    SUSPENDED
}
