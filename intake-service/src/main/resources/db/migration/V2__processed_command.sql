-- Commands already applied, by their commandId: written in the same transaction as the events they caused, so a
-- command delivered twice (Kafka redelivery, an HTTP retry with the same Idempotency-Key) changes a complaint once.
CREATE TABLE processed_command (
    command_id   VARCHAR(200) PRIMARY KEY,
    complaint_id VARCHAR(64)  NOT NULL,
    command_type VARCHAR(100) NOT NULL,
    accepted     BOOLEAN      NOT NULL,
    reason       TEXT,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
