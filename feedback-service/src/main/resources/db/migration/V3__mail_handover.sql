-- SMTP and a database commit cannot be one transaction. Before talking to the mail server, the dispatcher commits
-- that it is handing the mail over; a pending mail whose hand-over has no recorded outcome (the process died or the
-- database went away before it was marked sent or failed) is "outcome unknown", and the mail journal is asked
-- before it is sent again (MailDispatcher).
alter table outbox_mail
    add column handover_started_at timestamptz,
    add column handover_attempt    int not null default 0;
