-- Complaints whose stream feedback could not follow: one of their events was dead-lettered. Their later events wait
-- here, in stream order, instead of being handled out of order (a result letter or a survey for a complaint whose
-- resolution feedback never saw), until an operator releases the complaint. shared-stream's ParkedComplaints; the
-- same tables as routing's and sla-timer's V20.
create table parked_complaint (
    complaint_id     text         primary key,
    parked_at        timestamptz  not null,
    reason           text         not null,
    -- the record that failed, as it was on complaint.events.v1 (it is also on the dead-letter topic)
    failed_topic     varchar(249) not null,
    failed_partition integer      not null,
    failed_offset    bigint       not null,
    failed_value     bytea,
    -- the latest attempt to release it, if one failed
    last_release_failure text
);

create table held_event (
    complaint_id text         not null references parked_complaint (complaint_id) on delete cascade,
    event_id     text         not null,
    sequence     bigint       not null,
    value        bytea        not null,
    held_at      timestamptz  not null,
    primary key (complaint_id, event_id)
);

create index held_event_stream_order on held_event (complaint_id, sequence);

-- What became of every parking: when it was released and how, for operators and auditors.
create table released_parking (
    complaint_id   text         not null,
    parked_at      timestamptz  not null,
    reason         text         not null,
    released_at    timestamptz  not null,
    failed_event   varchar(10)  not null,  -- retried or skipped
    events_handled integer      not null,
    primary key (complaint_id, parked_at)
);
