-- Routing rules, versioned; a complaint is routed by the newest version active when intake recorded it.
create table routing_rules (
    version     integer      primary key,
    name        varchar(40)  not null,
    document    jsonb        not null,
    active_from timestamptz  not null,
    created_at  timestamptz  not null,
    created_by  varchar(100) not null,
    note        text
);

-- Where each complaint is now, and how it got there.
create table complaint_routing (
    complaint_id  varchar(64) primary key,
    department    text,
    priority      text,
    rules_version text,
    reason        text,
    received_at   timestamptz,
    updated_at    timestamptz not null
);

-- Every event of every complaint, as received, so that a department assigned later (or a complaint transferred to
-- it) gets the complaint's whole story on its topic, and so that a proposed rules version can be tried on the past.
create table complaint_event_log (
    complaint_id varchar(64) not null,
    sequence     bigint      not null,
    event_id     varchar(64) not null,
    event_type   varchar(100) not null,
    occurred_at  timestamptz not null,
    envelope     bytea       not null,
    primary key (complaint_id, sequence)
);
create index complaint_event_log_received on complaint_event_log (occurred_at) where event_type = 'ComplaintReceived';

-- Classifications a person corrected: the labelled examples for the next training run.
create table classification_correction (
    event_id     varchar(64) primary key,
    complaint_id varchar(64) not null,
    text         text        not null,
    info_type    text,
    category     text,
    severity     text,
    corrected_by text,
    corrected_at timestamptz not null
);
