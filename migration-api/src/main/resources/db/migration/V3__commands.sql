-- The outbox also carries commands (mailmig.migration-commands), not only pass requests.
ALTER TABLE request_outbox ADD COLUMN topic TEXT NOT NULL DEFAULT 'mailmig.migration-requests';
