-- One document per complaint: what the clock keeper knows about it and each of its clocks. Changed only while
-- its row is locked (select ... for update), by the stream consumer or by a timer.
create table complaint_clocks (
    complaint_id       varchar(64) primary key,
    state              jsonb       not null,
    updated_at         timestamptz not null,
    -- kept with the document, so the metrics and the calendar catch-up need not read every document
    running_clocks     integer     not null default 0,
    paused_clocks      integer     not null default 0,
    waits_for_calendar boolean     not null default false
);
create index complaint_clocks_active on complaint_clocks (complaint_id) where running_clocks > 0 or paused_clocks > 0;
create index complaint_clocks_calendar on complaint_clocks (complaint_id) where waits_for_calendar;

-- Each clock's story, for the explain endpoint, and the breaches that count against departments (考核).
create table clock_timeline (
    id           bigserial    primary key,
    complaint_id varchar(64)  not null,
    -- clock ids and departments come from the stream, whose own limits are intake's: text, not a narrower column
    clock_id     text,
    generation   integer      not null,
    kind         varchar(40)  not null,
    at           timestamptz  not null,
    detail       text,
    department   text,
    recorded_at  timestamptz  not null
);
create index clock_timeline_complaint on clock_timeline (complaint_id, id);
create index clock_timeline_kind_at on clock_timeline (kind, at);

-- Clock policies, versioned; a complaint uses the newest version active when it was recorded.
create table clock_policy (
    version     integer      primary key,
    name        varchar(40)  not null,
    document    jsonb        not null,
    active_from timestamptz  not null,
    created_at  timestamptz  not null,
    created_by  varchar(100) not null,
    note        text
);

-- Business calendars, versioned: a new revision for every change (a year added or replaced).
create table business_calendar (
    calendar_id varchar(40)  not null,
    revision    integer      not null,
    document    jsonb        not null,
    created_at  timestamptz  not null,
    created_by  varchar(100) not null,
    note        text,
    primary key (calendar_id, revision)
);

-- db-scheduler's table (https://github.com/kagkarlsson/db-scheduler, postgresql_tables.sql): the durable timers.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
