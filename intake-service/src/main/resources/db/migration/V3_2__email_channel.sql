-- The email channel. Every mail taken from the mailbox leaves one row in email_message, whatever became of it, so an
-- operator can see why a mail did not become a complaint and re-process it after a fix. (Versioned 3.2: 3.1 is the
-- tracking numbers.)
CREATE TABLE email_message (
    id              BIGSERIAL PRIMARY KEY,
    -- the idempotency key: the Message-ID, or sha256:<hex> of the raw mail when it has none
    message_key     VARCHAR(300) NOT NULL,
    message_id      VARCHAR(1000),
    outcome         VARCHAR(20) NOT NULL CHECK (outcome IN ('filed', 'duplicate', 'reply', 'auto_reply', 'unparseable')),
    reason          TEXT,
    notes           TEXT,
    sender          VARCHAR(320),
    subject         VARCHAR(1000),
    complaint_id    VARCHAR(64),
    tracking_number VARCHAR(16),
    received_at     TIMESTAMPTZ,
    arrived_at      TIMESTAMPTZ NOT NULL,
    processed_at    TIMESTAMPTZ NOT NULL,
    -- the mail as it came, kept only for an unparseable one (to re-process it); filed mail lives on as a complaint
    raw             BYTEA
);
CREATE INDEX email_message_outcome ON email_message (outcome, id);
CREATE INDEX email_message_key ON email_message (message_key);

-- Attachments, by content: complaints refer to them as mailbox:email-attachment/<sha256>; the same file sent twice
-- is stored once.
CREATE TABLE email_attachment (
    sha256       CHAR(64) PRIMARY KEY,
    content_type VARCHAR(100) NOT NULL,
    size_bytes   INTEGER NOT NULL,
    content      BYTEA NOT NULL,
    stored_at    TIMESTAMPTZ NOT NULL
);

-- Acknowledgements to the sender, sent by the outbox dispatcher. One per complaint (the primary key): a redelivered
-- mail never acknowledges twice, and an SMTP outage only delays the acknowledgement.
CREATE TABLE email_acknowledgement (
    complaint_id    VARCHAR(64) PRIMARY KEY,
    recipient       VARCHAR(320) NOT NULL,
    language        VARCHAR(10) NOT NULL,
    subject         VARCHAR(1000) NOT NULL,
    body            TEXT NOT NULL,
    in_reply_to     VARCHAR(1000),
    created_at      TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX email_acknowledgement_due ON email_acknowledgement (next_attempt_at) WHERE sent_at IS NULL;
