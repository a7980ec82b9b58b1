-- The inbox: every complaint event this service has handled, once. A redelivered event hits the primary key
-- and changes nothing.
create table processed_event (
    event_id     varchar(64)  primary key,
    complaint_id varchar(64)  not null,
    sequence     bigint       not null,
    event_type   varchar(100) not null,
    consumed_at  timestamptz  not null default now()
);

-- a complaint's events in stream order
create index processed_event_complaint_sequence on processed_event (complaint_id, sequence);
