-- Every read of a complainant's personal data (name, phone, email, address) through the API: who, in which role
-- and department, why (if they said), and when. Written before the data is returned, so no read goes unrecorded.
-- Auditors read it back through GET /api/v1/personal-data-reads.
CREATE TABLE personal_data_read (
    id                BIGSERIAL PRIMARY KEY,
    complaint_id      VARCHAR(64)  NOT NULL,
    reader            VARCHAR(200) NOT NULL,
    reader_is_person  BOOLEAN      NOT NULL,
    reader_roles      VARCHAR(200) NOT NULL,
    reader_department VARCHAR(100),
    purpose           VARCHAR(200),
    read_at           TIMESTAMPTZ  NOT NULL
);
CREATE INDEX personal_data_read_by_complaint ON personal_data_read (complaint_id, read_at);
CREATE INDEX personal_data_read_by_reader ON personal_data_read (reader, read_at);
