-- CONTRACT §8: each consultation's declared procedure, majority rule and tie break, and its rounds of voting
-- (rule 10). Rows written before are of the first round, under today's rule.
alter table consultation_view add column procedure varchar(16) default 'RECORDED_VOTE' not null;
alter table consultation_view add column majority varchar(16) default 'PLURALITY' not null;
alter table consultation_view add column tie_break varchar(16) default 'CHAIR' not null;
alter table consultation_view add column fallback varchar(16);
alter table consultation_view add column round integer default 1 not null;

alter table tally_consultation add column majority varchar(16) default 'PLURALITY' not null;
alter table tally_consultation add column round integer default 1 not null;

-- Each round's candidates (null: every active proposal), the proposals earlier rounds adopted, and its electorate
-- as the round opened.
create table tally_round (
    consultation_id varchar(64)   not null,
    round           integer       not null,
    candidates      varchar(4000),
    carried         varchar(4000),
    eligible        integer       not null,
    quorum          integer       not null,
    primary key (consultation_id, round)
);

insert into tally_round (consultation_id, round, eligible, quorum)
select id, 1, eligible, quorum from tally_consultation where eligible is not null;

-- A ballot names its round, which joins its key. A primary key is dropped by its name, which PostgreSQL derives
-- from the table and H2 invents; so each table is copied, whatever columns it has, and keyed anew.
alter table ballot_view add column round integer default 1 not null;
alter table ballot_view rename to ballot_view_of_one_round;
create table ballot_view as select * from ballot_view_of_one_round;
drop table ballot_view_of_one_round;
alter table ballot_view alter column consultation_id set not null;
alter table ballot_view alter column round set not null;
alter table ballot_view alter column member_state set not null;
alter table ballot_view alter column abstain set not null;
alter table ballot_view alter column cast_at set not null;
alter table ballot_view alter column changes set not null;
alter table ballot_view add primary key (consultation_id, round, member_state);

alter table ballot_choice add column round integer default 1 not null;
alter table ballot_choice rename to ballot_choice_of_one_round;
create table ballot_choice as select * from ballot_choice_of_one_round;
drop table ballot_choice_of_one_round;
alter table ballot_choice alter column consultation_id set not null;
alter table ballot_choice alter column round set not null;
alter table ballot_choice alter column member_state set not null;
alter table ballot_choice alter column ordinal set not null;
alter table ballot_choice alter column proposal_id set not null;
alter table ballot_choice add primary key (consultation_id, round, member_state, ordinal);
create index ix_ballot_choice_proposal on ballot_choice (consultation_id, round, proposal_id);
