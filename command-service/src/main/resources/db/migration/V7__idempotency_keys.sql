-- The Idempotency-Key of each accepted POST, per caller, with a hash of the request and the command's result; written
-- in the same transaction as the command's events, so a retry finds it exactly when the first attempt's events exist.
-- Rows older than idm.idempotency.kept-for are no longer honoured and are deleted by a scheduled task.
create table idempotency_key (
    caller          varchar(255)             not null,
    idempotency_key varchar(255)             not null,
    request_hash    varchar(64)              not null,
    result_type     varchar(255),
    result          bytea,
    created_at      timestamp with time zone not null,
    primary key (caller, idempotency_key)
);

create index ix_idempotency_key_created_at on idempotency_key (created_at);
