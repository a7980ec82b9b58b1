-- What feedback-service knows about each complaint, from its stream: who to write to, in which language, and
-- where its loop stands. round counts resolutions: each one gets its own letter, survey and closing.
create table complaint_case (
    complaint_id            varchar(64)  primary key,
    received_at             timestamptz  not null,
    channel                 varchar(20),
    language                varchar(35),
    customer_name           text,
    phone                   text,
    phone_digits            varchar(32),
    email                   text,
    customer_id             text,
    product                 text,
    subject                 text,
    text                    text,
    status                  varchar(20)  not null,
    round                   int          not null default 0,
    resolved_at             timestamptz,
    solution                text,
    effect                  text,
    suggestions_taken       text,
    follow_up               text,
    closed_at               timestamptz,
    duplicate_of            varchar(64),
    result_feedback_sent_at timestamptz,
    dissatisfied_in_round   boolean      not null default false,
    close_requested_round   int          not null default 0,
    chased_round            int          not null default 0,
    chased_at               timestamptz,
    updated_at              timestamptz  not null
);
-- the same customer, found by any of the ways to reach them (repeat complaints)
create index complaint_case_phone on complaint_case (phone_digits, received_at) where phone_digits is not null;
create index complaint_case_email on complaint_case (email, received_at) where email is not null;
create index complaint_case_customer on complaint_case (customer_id, received_at) where customer_id is not null;
-- resolved complaints waiting to be closed or chased
create index complaint_case_resolved on complaint_case (resolved_at) where status = 'resolved';

-- One satisfaction survey per complaint and resolution round; the token is the customer's link.
create table survey (
    survey_id    varchar(100) primary key,
    complaint_id varchar(64)  not null,
    round        int          not null,
    token        varchar(64)  not null unique,
    language     varchar(8)   not null,
    created_at   timestamptz  not null,
    expires_at   timestamptz  not null,
    answered_at  timestamptz,
    score        int check (score between 1 and 5),
    comment      text,
    method       varchar(20),
    taken_by     text,
    unique (complaint_id, round)
);

-- Mail decided on, in the same transaction as the decision; sent (once) by the dispatcher, retried until the
-- mail server takes it. mail_id is derived from the decision (result-<complaint>-r<round>), so the same decision
-- taken again is the same row.
create table outbox_mail (
    mail_id         varchar(120) primary key,
    complaint_id    varchar(64)  not null,
    kind            varchar(30)  not null,
    round           int          not null,
    recipient       text         not null,
    language        varchar(8)   not null,
    subject         text         not null,
    body            text         not null,
    attachment_name text,
    attachment      bytea,
    status          varchar(20)  not null,
    attempts        int          not null default 0,
    next_attempt_at timestamptz  not null,
    last_error      text,
    created_at      timestamptz  not null,
    updated_at      timestamptz,
    sent_at         timestamptz
);
create index outbox_mail_due on outbox_mail (next_attempt_at) where status = 'pending';
create index outbox_mail_complaint on outbox_mail (complaint_id);

-- Commands for the complaint, queued with the decision that makes them and relayed to complaint.commands.v1.
create table outbox_command (
    command_id     varchar(200) primary key,
    seq            bigserial    not null,
    complaint_id   varchar(64)  not null,
    command_type   varchar(60)  not null,
    payload        bytea        not null,
    correlation_id varchar(200),
    created_at     timestamptz  not null,
    sent_at        timestamptz
);
create index outbox_command_unsent on outbox_command (created_at, seq) where sent_at is null;

-- Compensation as this service tracks it; its status follows the complaint's compensation events.
create table compensation (
    compensation_id           varchar(100)   primary key,
    complaint_id              varchar(64)    not null,
    kind                      varchar(20)    not null,
    amount                    numeric(14, 2) not null,
    currency                  varchar(3)     not null,
    reason                    text,
    proposed_by               text           not null,
    proposed_at               timestamptz    not null,
    status                    varchar(20)    not null,
    approval_requested_amount numeric(14, 2),
    approval_requested_by     text,
    approver_role             text,
    approved_amount           numeric(14, 2),
    approver                  text,
    payment_requested_at      timestamptz,
    paid_amount               numeric(14, 2),
    payment_reference         text,
    refusal                   text,
    updated_at                timestamptz    not null
);
create index compensation_complaint on compensation (complaint_id);

-- Follow-ups with dissatisfied customers (win-back), kept here only.
create table care_task (
    task_id      varchar(120) primary key,
    complaint_id varchar(64)  not null,
    score        int          not null,
    comment      text,
    created_at   timestamptz  not null,
    status       varchar(20)  not null,
    assignee     text,
    assigned_at  timestamptz,
    outcome      varchar(30),
    outcome_note text,
    outcome_by   text,
    done_at      timestamptz
);
create index care_task_status on care_task (status, created_at);
create index care_task_complaint on care_task (complaint_id);
