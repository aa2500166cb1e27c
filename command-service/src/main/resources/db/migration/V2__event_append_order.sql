-- One row that every transaction appending events locks before its events draw their global indexes and holds
-- until it ends (AppendsInCommitOrder): events then commit in the order of their index, so the audit chain that
-- follows the store is append-only (CONTRACT §7).
create table event_append_order (
    id integer not null primary key
);
insert into event_append_order (id) values (1);
