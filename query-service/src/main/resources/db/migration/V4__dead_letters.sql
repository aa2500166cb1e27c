-- Events a projection could not process, parked with their cause until the secretariat retries them
-- (Axon's JPA dead-letter queue). Serialized parts are bytea, never PostgreSQL large objects.
create table dead_letter_entry (
    dead_letter_id       varchar(255)  not null primary key,
    processing_group     varchar(255)  not null,
    sequence_identifier  varchar(255)  not null,
    sequence_index       bigint        not null,
    message_type         varchar(255),
    event_identifier     varchar(255),
    time_stamp           varchar(255),
    payload_type         varchar(255),
    payload_revision     varchar(255),
    payload              bytea,
    meta_data            bytea,
    type                 varchar(255),
    aggregate_identifier varchar(255),
    sequence_number      bigint,
    token_type           varchar(255),
    token                bytea,
    enqueued_at          timestamp(6) with time zone not null,
    last_touched         timestamp(6) with time zone,
    processing_started   timestamp(6) with time zone,
    cause_type           varchar(255),
    cause_message        varchar(10000),
    diagnostics          bytea,
    constraint uk_dead_letter_sequence unique (processing_group, sequence_identifier, sequence_index)
);

create index ix_dead_letter_group on dead_letter_entry (processing_group);
create index ix_dead_letter_group_sequence on dead_letter_entry (processing_group, sequence_identifier);
