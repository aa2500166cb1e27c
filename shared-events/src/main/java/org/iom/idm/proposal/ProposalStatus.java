package org.iom.idm.proposal;

public enum ProposalStatus {
    ACTIVE,
    WITHDRAWN
}
