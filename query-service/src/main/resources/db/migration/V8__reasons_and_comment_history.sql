-- Rule 11 (CONTRACT §8): reasons are public to whoever may read the thing, and a comment's edit history is
-- readable by whoever may read the comment. The events have always carried the reasons and every text.
alter table consultation_view add column cancellation_reason varchar(2000);
alter table consultation_proposal add column withdrawal_reason varchar(2000);
-- When the comment's current text was written by an edit; null while it has its first text.
alter table proposal_comment add column edited_at timestamp with time zone;

-- Each text a comment had before an edit replaced it, and when that text was written.
create table proposal_comment_version (
    consultation_id varchar(64)   not null,
    proposal_id     varchar(64)   not null,
    comment_id      varchar(64)   not null,
    version         integer       not null,
    text            varchar(5000) not null,
    written_at      timestamp with time zone not null,
    primary key (consultation_id, comment_id, version)
);

create index ix_proposal_comment_version_proposal on proposal_comment_version (consultation_id, proposal_id);

-- Rows written before these columns lack the reasons and the history: the consultations processor replays every
-- event into emptied tables, once, as a rebuild would (a parked event is handled again with the rest).
delete from proposal_comment;
delete from proposal_version;
delete from consultation_proposal;
delete from consultation_view;
delete from token_entry where processor_name = 'consultations';
delete from dead_letter_entry where processing_group = 'consultations';
