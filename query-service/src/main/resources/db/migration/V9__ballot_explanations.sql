-- CONTRACT §8 rule 9: a ballot's explanation of vote and the version of each proposal it chose. Ballots recorded
-- before have neither (both null). An explanation has at most 2000 code points: up to 4000 UTF-16 units, which is
-- what H2 counts (PostgreSQL counts code points).
alter table ballot_view add column explanation varchar(4000);
alter table ballot_choice add column version integer;
