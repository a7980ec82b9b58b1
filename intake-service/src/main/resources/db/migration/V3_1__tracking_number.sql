-- Tracking numbers, to find a complaint from what a customer types on the status page. The number is derived from
-- the complaint id (TrackingNumbers), so this table is only an index: filled by the tracking-numbers event processor
-- for complaints from every channel (and at once by the channel adapters that hand the number out), rebuilt by
-- replaying the event store. Not unique: a second factor tells apart the rare complaints that share a number.
-- (Versioned 3.1 so that it sits beside other features' V3 migrations without a clash.)
CREATE TABLE tracking_number (
    complaint_id    VARCHAR(64) PRIMARY KEY,
    tracking_number VARCHAR(16) NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX tracking_number_lookup ON tracking_number (tracking_number);
