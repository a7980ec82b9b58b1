-- Commands already applied, by their commandId within their complaint: written in the same transaction as the
-- events they caused, so a command delivered twice (Kafka redelivery, an HTTP retry with the same Idempotency-Key)
-- changes a complaint once. Scoped to the complaint so that one client's key can never swallow another
-- complaint's command.
CREATE TABLE processed_command (
    complaint_id VARCHAR(64)  NOT NULL,
    command_id   VARCHAR(200) NOT NULL,
    command_type VARCHAR(100) NOT NULL,
    accepted     BOOLEAN      NOT NULL,
    reason       TEXT,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (complaint_id, command_id)
);
