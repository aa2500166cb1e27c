-- db-scheduler's table, holding the deadlines of Axon's deadline manager (CONTRACT §8, schedules): one row per
-- pending deadline, picked by one instance at a time. Task data is bytea, never a PostgreSQL large object.
create table scheduled_tasks (
    task_name            varchar(255)             not null,
    task_instance        varchar(255)             not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            varchar(255),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);

create index ix_scheduled_tasks_execution_time on scheduled_tasks (execution_time);
create index ix_scheduled_tasks_last_heartbeat on scheduled_tasks (last_heartbeat);
create index ix_scheduled_tasks_priority_execution_time on scheduled_tasks (priority desc, execution_time asc);
