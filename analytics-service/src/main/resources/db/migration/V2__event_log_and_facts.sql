-- analytics-service keeps its own copy of the complaint stream: every projection is a fold over it, so any of them
-- can be rebuilt (from the start, or as of a past moment) without reading Kafka again and without side effects.
-- The event id is the key: a redelivered event changes nothing (this table is the service's inbox).
create table event_log (
    position     bigserial    not null unique,
    event_id     varchar(64)  primary key,
    complaint_id varchar(64)  not null,
    sequence     bigint       not null,
    event_type   varchar(100) not null,
    occurred_at  timestamptz  not null,
    consumed_at  timestamptz  not null,
    -- the envelope exactly as it came off complaint.events.v1 (contract JSON)
    envelope     bytea        not null,
    -- topic keywords taken from the complaint's own words when it was first consumed; kept so that a rebuild
    -- counts the same topics without segmenting every text again
    keywords     text[]
);
create index event_log_complaint_sequence on event_log (complaint_id, sequence);
create index event_log_occurred_at on event_log (occurred_at);

-- Until now analytics kept only the ids of the events it had seen, not the events: an installation that consumed
-- events before this version must reset the consumer group "analytics-service" to the earliest offset once (see the
-- analytics-service README), so that the log is filled from the start of the stream.
drop table processed_event;

-- A generation is one build of the projections: the live one the API serves, one being rebuilt beside it, or a
-- snapshot as of a past moment. Switching generations is one update; the old one keeps serving until then.
create table projection_generation (
    generation   integer      primary key,
    kind         varchar(10)  not null check (kind in ('live', 'as-of')),
    state        varchar(10)  not null check (state in ('building', 'active', 'retired', 'ready', 'failed')),
    as_of        timestamptz,
    -- the event_log position applied so far, and the log's last position when the build started
    position     bigint       not null default 0,
    target       bigint       not null default 0,
    events       bigint       not null default 0,
    started_at   timestamptz  not null,
    finished_at  timestamptz,
    failure      text
);
create unique index projection_generation_one_active on projection_generation (kind) where state = 'active';
insert into projection_generation (generation, kind, state, started_at, finished_at)
values (1, 'live', 'active', now(), now());

-- One row per complaint per generation: what the reports group and count.
create table complaint_fact (
    generation          integer      not null,
    complaint_id        varchar(64)  not null,
    received_at         timestamptz,
    channel             varchar(20),
    info_type           varchar(30),
    category            varchar(200),
    severity            varchar(50),
    product             varchar(300),
    region              varchar(100),
    language            varchar(35),
    department          varchar(100),
    public_post         boolean      not null default false,
    status              varchar(20)  not null,
    assigned_at         timestamptz,
    acknowledged_at     timestamptz,
    resolved_at         timestamptz,
    closed_at           timestamptz,
    withdrawn_at        timestamptz,
    feedback_sent_at    timestamptz,
    reopened            integer      not null default 0,
    transfers           integer      not null default 0,
    warnings            integer      not null default 0,
    escalations         integer      not null default 0,
    satisfaction        integer,
    duplicate_of        varchar(64),
    promised_eta        timestamptz,
    compensation_paid   numeric(19, 4) not null default 0,
    compensation_currency varchar(3),
    last_sequence       bigint       not null,
    last_event_at       timestamptz  not null,
    -- the projector's whole state (milestones, clocks, topics), so the live projection continues from it
    state               jsonb        not null,
    primary key (generation, complaint_id)
);
create index complaint_fact_received on complaint_fact (generation, received_at);

-- One row per clock of a complaint: met, in time, missed.
create table clock_fact (
    generation    integer      not null,
    complaint_id  varchar(64)  not null,
    clock_id      varchar(100) not null,
    department    varchar(100),
    started_at    timestamptz  not null,
    due_at        timestamptz  not null,
    met_at        timestamptz,
    escalations   integer      not null default 0,
    primary key (generation, complaint_id, clock_id)
);
create index clock_fact_due on clock_fact (generation, due_at);

-- The topics of each complaint (from its classification and its own words), for hot spots.
create table topic_fact (
    generation   integer      not null,
    complaint_id varchar(64)  not null,
    topic        varchar(100) not null,
    received_at  timestamptz  not null,
    primary key (generation, complaint_id, topic)
);
create index topic_fact_topic_time on topic_fact (generation, topic, received_at);
create index topic_fact_time on topic_fact (generation, received_at);

-- Early warnings: a topic rising suddenly against its own baseline, raised while it happens.
create table hotspot_alert (
    topic         varchar(100) not null,
    window_start  timestamptz  not null,
    window_end    timestamptz  not null,
    observed      integer      not null,
    baseline      double precision not null,
    raised_at     timestamptz  not null,
    primary key (topic, window_start)
);
