package org.iom.idm.membership;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The command side's own record of a member state's voting rights, kept in step with its events. */
@Entity
@Table(name = "voting_rights_register")
public class RegisteredMemberState {

    @Id
    @Column(length = 3)
    private String code;

    @Enumerated(EnumType.STRING)
    @Column(name = "voting_rights", nullable = false, length = 16)
    private VotingRights votingRights;

    protected RegisteredMemberState() {
    }

    RegisteredMemberState(String code, VotingRights votingRights) {
        this.code = code;
        this.votingRights = votingRights;
    }

    public String code() {
        return code;
    }

    public VotingRights votingRights() {
        return votingRights;
    }

    void changeVotingRights(VotingRights rights) {
        this.votingRights = rights;
    }
}
