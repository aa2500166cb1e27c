-- The command service numbers each transaction's events itself, under the append lock, on from this counter
-- (AppendsInCommitOrder): a rolled-back append rolls the counter back with it, so no index is ever left unused.
-- The sequence it replaces would have been consumed by rolled-back appends.
alter table event_append_order add column last_index bigint;
update event_append_order set last_index = (select coalesce(max(global_index), 0) from domain_event_entry);
alter table event_append_order alter column last_index set not null;
drop sequence domain_event_entry_seq;
