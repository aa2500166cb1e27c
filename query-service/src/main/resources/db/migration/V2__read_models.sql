-- Read models of the query service. Every table here is a projection of the event store and can be
-- dropped and rebuilt by replaying the events.

create table consultation_view (
    id                varchar(64)   not null primary key,
    title             varchar(200)  not null,
    question          varchar(5000) not null,
    description       varchar(5000),
    phase             varchar(16)   not null,
    select_count      integer       not null,
    requested_quorum  integer,
    quorum            integer,
    eligible          integer,
    parent_id         varchar(64),
    proposal_count    integer       not null,
    created_at        timestamp with time zone not null,
    decision_selected varchar(4000),
    decision_rationale varchar(2000),
    decided_by        varchar(255),
    decided_at        timestamp with time zone
);

create table consultation_proposal (
    consultation_id varchar(64)   not null,
    id              varchar(64)   not null,
    ordinal         integer       not null,
    title           varchar(200)  not null,
    summary         varchar(5000) not null,
    proposer        varchar(32)   not null,
    status          varchar(16)   not null,
    version         integer       not null,
    comment_count   integer       not null,
    primary key (consultation_id, id)
);

create table proposal_version (
    consultation_id varchar(64)   not null,
    proposal_id     varchar(64)   not null,
    version         integer       not null,
    title           varchar(200)  not null,
    summary         varchar(5000) not null,
    recorded_at     timestamp with time zone not null,
    primary key (consultation_id, proposal_id, version)
);

create table proposal_comment (
    id              varchar(64)   not null,
    consultation_id varchar(64)   not null,
    proposal_id     varchar(64)   not null,
    ordinal         bigint        not null,
    author          varchar(255)  not null,
    member_state    varchar(3),
    text            varchar(5000) not null,
    in_reply_to     varchar(64),
    status          varchar(16)   not null,
    edited          boolean       not null,
    created_at      timestamp with time zone not null,
    hidden_reason   varchar(2000),
    primary key (consultation_id, id)
);

create index ix_proposal_comment_proposal on proposal_comment (consultation_id, proposal_id, ordinal);

create table member_state_view (
    code          varchar(3)   not null primary key,
    name          varchar(200) not null,
    voting_rights varchar(16)  not null
);

-- The tally's own view of each consultation, its proposals and its ballots (processing group "ballots").
create table tally_consultation (
    id            varchar(64) not null primary key,
    phase         varchar(16) not null,
    select_count  integer     not null,
    eligible      integer,
    quorum        integer,
    -- the sequence number of the consultation's last event applied to the tally
    last_sequence bigint      not null
);

create table tally_proposal (
    consultation_id varchar(64)  not null,
    proposal_id     varchar(64)  not null,
    ordinal         integer      not null,
    title           varchar(200) not null,
    status          varchar(16)  not null,
    primary key (consultation_id, proposal_id)
);

create table ballot_view (
    consultation_id varchar(64) not null,
    member_state    varchar(3)  not null,
    abstain         boolean     not null,
    cast_at         timestamp with time zone not null,
    changes         integer     not null,
    primary key (consultation_id, member_state)
);

create table ballot_choice (
    consultation_id varchar(64) not null,
    member_state    varchar(3)  not null,
    ordinal         integer     not null,
    proposal_id     varchar(64) not null,
    primary key (consultation_id, member_state, ordinal)
);

create index ix_ballot_choice_proposal on ballot_choice (consultation_id, proposal_id);
