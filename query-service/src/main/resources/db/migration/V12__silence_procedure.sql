-- CONTRACT §8 rule 8: the drafts a silence procedure circulated, each with its deadline, and the member states
-- that broke silence on each, with their reasons; public to whoever reads the consultation.
create table consultation_circulation (
    consultation_id varchar(64)              not null,
    circulation     integer                  not null,
    selected        varchar(4000)            not null,
    text            varchar(20000)           not null,
    deadline        timestamp with time zone not null,
    circulated_at   timestamp with time zone not null,
    primary key (consultation_id, circulation)
);

create table silence_break (
    consultation_id varchar(64)              not null,
    circulation     integer                  not null,
    member_state    varchar(3)               not null,
    reason          varchar(8000)            not null,
    broken_at       timestamp with time zone not null,
    primary key (consultation_id, circulation, member_state)
);
