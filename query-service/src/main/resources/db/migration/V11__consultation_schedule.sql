-- A consultation's schedule (CONTRACT §8): the instants at which the system acts by itself, and whether it has
-- closed the consultation's comments.
alter table consultation_view add column comments_close_at timestamp with time zone;
alter table consultation_view add column voting_opens_at timestamp with time zone;
alter table consultation_view add column voting_closes_at timestamp with time zone;
alter table consultation_view add column comments_closed boolean default false not null;
