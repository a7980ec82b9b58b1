-- Envelope encryption of the data subjects' keys: data_key now holds the key wrapped (AES-256-GCM, bound to the
-- subject id) by the master key named here, which lives outside the database (MasterKeys). A dump or backup of this
-- table alone opens nothing. Rows stored before this migration hold the key itself and a null master_key_id until
-- MasterKeyRotation wraps them, which it does at intake's next start.
ALTER TABLE personal_data_key ADD COLUMN master_key_id VARCHAR(64);
