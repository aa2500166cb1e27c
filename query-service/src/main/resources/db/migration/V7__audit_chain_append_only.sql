-- The audit chain's canonical form now covers every part of the event that CONTRACT §7 names (its id, its
-- aggregate sequence and all of its metadata besides the position, time, type, aggregate and payload), and the
-- chain is append-only. Entries sealed in the earlier form are removed here, once, so the audit processor seals
-- the whole trail again from the event store in the new form (docs/audit-chain.md); from then on no written
-- hash changes. audit_entry.canonical keeps the exact text each hash covers: what the event was when sealed.
delete from audit_entry;
delete from audit_label;
delete from token_entry where processor_name = 'audit';
-- A failing audit event is no longer parked while later ones go on (that would seal entries past a hole): the
-- processor stops at it and retries.
delete from dead_letter_entry where processing_group = 'audit';
