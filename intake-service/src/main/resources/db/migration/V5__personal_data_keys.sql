-- Crypto-shredding. Every complainant's personal data is sealed (AES-256-GCM) with a key of its data subject
-- before it is written to the event store, so it reaches Kafka, other services and backups only sealed. Erasing a
-- person deletes their key here: every copy of their data, wherever it went, can no longer be opened.
-- This table is the one place the keys exist: keep its backups no longer than the erasure deadline (30 days).
CREATE TABLE personal_data_key (
    subject_id VARCHAR(64) PRIMARY KEY,
    data_key   BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- How intake recognises the same person in a later complaint: a SHA-256 digest of each normalised way to reach
-- them (phone digits, email, customer id). Deleted with the key.
CREATE TABLE personal_data_contact (
    contact_digest CHAR(64)    PRIMARY KEY,
    subject_id     VARCHAR(64) NOT NULL
);
CREATE INDEX personal_data_contact_subject ON personal_data_contact (subject_id);

-- Which complaints hold a subject's sealed data: what an erasure must mark. Kept after erasure: the subject id is
-- random and, without the key and the contacts, says nothing about the person.
CREATE TABLE personal_data_subject_complaint (
    subject_id   VARCHAR(64) NOT NULL,
    complaint_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (subject_id, complaint_id)
);
CREATE INDEX personal_data_subject_complaint_complaint ON personal_data_subject_complaint (complaint_id);

-- Every erasure: who asked, why, when, and how many complaints it reached. Never the person's details.
CREATE TABLE personal_data_erasure (
    id           BIGSERIAL PRIMARY KEY,
    subject_id   VARCHAR(64)  NOT NULL,
    complaints   INTEGER      NOT NULL,
    requested_by VARCHAR(200) NOT NULL,
    reason       VARCHAR(500) NOT NULL,
    erased_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX personal_data_erasure_subject ON personal_data_erasure (subject_id);
