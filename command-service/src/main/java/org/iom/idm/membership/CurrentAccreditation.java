package org.iom.idm.membership;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the command side's accreditation roster: whom a person speaks for now, kept in step with the events. */
@Entity
@Table(name = "accreditation_roster")
public class CurrentAccreditation {

    @Id
    @Column(name = "username")
    private String user;

    @Column(name = "member_state", nullable = false, length = 3)
    private String memberState;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Capacity capacity;

    protected CurrentAccreditation() {
    }

    CurrentAccreditation(String user, String memberState, Capacity capacity) {
        this.user = user;
        this.memberState = memberState;
        this.capacity = capacity;
    }

    String memberState() {
        return memberState;
    }

    Accreditation accreditation() {
        return new Accreditation(memberState, capacity);
    }
}
