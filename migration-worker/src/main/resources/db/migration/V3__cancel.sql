-- A running pass asked to stop: its worker stops it at the next chunk boundary.
ALTER TABLE mailbox_pass ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT false;
