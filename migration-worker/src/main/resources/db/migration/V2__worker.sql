-- The worker's own tables. The api never reads them; the worker never reads the api's.

-- A pair of mailboxes. The message ledger is keyed by the pair, not by one migration, so a later pass
-- or a later plan for the same pair copies only what is new.
CREATE TABLE mailbox_pair (
	id                  BIGSERIAL PRIMARY KEY,
	source_server       TEXT NOT NULL,
	source_user         TEXT NOT NULL,
	destination_server  TEXT NOT NULL,
	destination_user    TEXT NOT NULL,
	created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
	CONSTRAINT mailbox_pair_uk UNIQUE (source_server, source_user, destination_server, destination_user)
);

-- One source folder of a pair: where it goes, and the destination UID watermark. Destination messages
-- at or above the watermark that the ledger does not know may be APPENDs whose outcome was lost
-- (connection dropped before the tagged reply, worker killed before the chunk committed): a retry
-- matches them by size and digest instead of appending again.
CREATE TABLE ledger_folder (
	pair_id                  BIGINT NOT NULL REFERENCES mailbox_pair (id),
	source_folder            TEXT NOT NULL,
	source_uid_validity      BIGINT NOT NULL,
	destination_folder       TEXT NOT NULL,
	destination_uid_validity BIGINT NOT NULL,
	destination_watermark    BIGINT NOT NULL,
	-- STATUS of the source folder when it was last copied completely: unchanged means nothing to do
	copied_uid_next          BIGINT,
	copied_messages          BIGINT,
	copied_highest_modseq    BIGINT,
	PRIMARY KEY (pair_id, source_folder)
);

-- Every message copied: source folder UIDVALIDITY + UID -> destination UID, size and digest. Written in
-- the transaction that commits the chunk.
CREATE TABLE message_ledger (
	pair_id             BIGINT NOT NULL,
	source_folder       TEXT NOT NULL,
	source_uid_validity BIGINT NOT NULL,
	source_uid          BIGINT NOT NULL,
	destination_uid     BIGINT,
	size                BIGINT NOT NULL,
	sha256              BYTEA NOT NULL,
	pass_key            TEXT NOT NULL,
	copied_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
	PRIMARY KEY (pair_id, source_folder, source_uid_validity, source_uid),
	FOREIGN KEY (pair_id, source_folder) REFERENCES ledger_folder (pair_id, source_folder)
);
CREATE INDEX message_ledger_pass_idx ON message_ledger (pass_key, source_folder);

-- Passes a worker was asked to run: the Kafka inbox, and the lease that keeps one pass on one worker
-- at a time. A pass whose lease has expired (its worker died) is taken over by any worker.
CREATE TABLE mailbox_pass (
	pass_key       TEXT PRIMARY KEY,
	migration_id   UUID NOT NULL,
	pass           INT NOT NULL,
	request        TEXT NOT NULL,          -- MigrationRequest JSON; passwords sealed (AES-GCM)
	state          TEXT NOT NULL,          -- QUEUED, RUNNING, COMPLETED, FAILED
	owner          TEXT,
	lease_until    TIMESTAMPTZ,
	not_before     TIMESTAMPTZ NOT NULL DEFAULT now(),
	attempts       INT NOT NULL DEFAULT 0,
	failure_type   TEXT,
	failure_detail TEXT,
	created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
	updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX mailbox_pass_claim_idx ON mailbox_pass (state, not_before);

-- The folder plan of a pass, made by discoverFolders: the partitions of copyFolder and verifyFolder.
CREATE TABLE pass_folder (
	pass_key            TEXT NOT NULL,
	ordinal             INT NOT NULL,
	source_folder       TEXT NOT NULL,
	source_display      TEXT NOT NULL,
	destination_folder  TEXT NOT NULL,
	destination_display TEXT NOT NULL,
	source_uid_validity BIGINT NOT NULL,
	source_uid_next     BIGINT NOT NULL,
	source_highest_modseq BIGINT NOT NULL,
	messages            BIGINT NOT NULL,
	bytes               BIGINT NOT NULL,
	to_copy             BIGINT NOT NULL,
	bytes_to_copy       BIGINT NOT NULL,
	unchanged           BOOLEAN NOT NULL,
	PRIMARY KEY (pass_key, source_folder)
);

-- Events written in the transaction of the work they describe, published to Kafka after commit.
CREATE TABLE event_outbox (
	id           BIGSERIAL PRIMARY KEY,
	migration_id UUID NOT NULL,
	payload      TEXT NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Messages a pass did not copy, and why: reported, and tried again by the next pass.
CREATE TABLE skipped_message (
	pass_key      TEXT NOT NULL,
	source_folder TEXT NOT NULL,
	source_uid    BIGINT NOT NULL,
	size          BIGINT NOT NULL,
	reason        TEXT NOT NULL,
	detail        TEXT,
	PRIMARY KEY (pass_key, source_folder, source_uid)
);

-- What verifyFolder found, per folder of a pass.
ALTER TABLE pass_folder ADD COLUMN verified BIGINT;
ALTER TABLE pass_folder ADD COLUMN mismatched BIGINT;
