-- The command side's own accreditation roster (CONTRACT §9), kept in the same transaction as the events: one row per
-- person with a current accreditation, so a person speaks for one member state only.
create table accreditation_roster (
    username     varchar(255) not null primary key,
    member_state varchar(3)   not null,
    capacity     varchar(16)  not null
);
