-- The audit trail (processing group "audit"): one entry per event in the store, in the order of the store,
-- each linked to the one before it by a hash chain. Like every read model it is rebuilt from the events.

create table audit_entry (
    event_position  bigint        not null primary key,
    event_id        varchar(255)  not null,
    recorded_at     timestamp with time zone not null,
    event_type      varchar(255)  not null,
    aggregate_id    varchar(255),
    consultation_id varchar(64),
    actor           varchar(255),
    actor_role      varchar(32),
    member_state    varchar(64),
    correlation_id  varchar(255),
    summary         varchar(20000) not null,
    before_state    varchar(20000),
    after_state     varchar(20000),
    -- What the hash covers (AuditHash): kept so that the chain can be relinked when an event that committed
    -- late takes its place before entries already recorded.
    canonical       varchar(1000000) not null,
    previous_hash   varchar(64)   not null,
    hash            varchar(64)   not null,
    constraint uk_audit_entry_event unique (event_id)
);

create index ix_audit_entry_consultation on audit_entry (consultation_id, event_position);
create index ix_audit_entry_actor on audit_entry (actor, event_position);
create index ix_audit_entry_type on audit_entry (event_type, event_position);
create index ix_audit_entry_recorded_at on audit_entry (recorded_at);

-- The audit processor's own memory of names and texts that later entries mention (member-state names,
-- consultation and proposal titles, comment texts, each state's current ballot): it sees events only,
-- never the other read models.
create table audit_label (
    kind      varchar(32)    not null,
    label_key varchar(255)   not null,
    label     varchar(20000) not null,
    primary key (kind, label_key)
);
