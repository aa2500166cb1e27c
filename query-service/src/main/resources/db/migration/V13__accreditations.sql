-- CONTRACT §9: the accreditation roster (processing group "member-states"). Who speaks for each member state now,
-- in which capacity and since when: the events' own timestamps, so that a replay writes the same rows. A person
-- speaks for one state only (the command side's rule); the query service's Delegations looks people up by name.
-- User names are those of the events; a reason has at most 2000 code points: up to 4000 UTF-16 units, which is
-- what H2 counts (PostgreSQL counts code points).
create table accreditation (
    member_state varchar(3)               not null,
    username     varchar(255)             not null,
    capacity     varchar(16)              not null,
    since        timestamp with time zone not null,
    primary key (member_state, username)
);

create index ix_accreditation_username on accreditation (username);

-- Each accreditation that ended: held since when, withdrawn when, by whom and why. The withdrawal's sequence number
-- in the state's stream tells apart a person accredited and withdrawn twice.
create table accreditation_withdrawn (
    member_state varchar(3)               not null,
    withdrawal   bigint                   not null,
    username     varchar(255)             not null,
    capacity     varchar(16)              not null,
    since        timestamp with time zone not null,
    withdrawn_at timestamp with time zone not null,
    withdrawn_by varchar(255),
    reason       varchar(4000)            not null,
    primary key (member_state, withdrawal)
);
