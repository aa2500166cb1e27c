-- What each audit entry says in no language yet (AuditWords as JSON), for the web UI to say in the reader's
-- language; the English summary, before and after stay as they were. Not hashed, like every column of the
-- entry but the chain's. Entries written before this column show their English summary until the audit is
-- rebuilt from the events (POST /api/admin/projections/rebuild), which recomputes the same hashes.
alter table audit_entry add column narration varchar(1000000);

-- The trail filtered by the member state a delegate acted for, newest or oldest first.
create index ix_audit_entry_member_state on audit_entry (member_state, event_position);
