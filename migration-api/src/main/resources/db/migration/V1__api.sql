-- The api's tables. The worker never reads them; it has its own (DESIGN.md §2).
-- No column holds a password in clear: sealed values are AES-GCM ("v1:" + base64), checked below.

CREATE TABLE plan (
	id uuid PRIMARY KEY,
	name text NOT NULL,
	mode text NOT NULL,
	source_host text NOT NULL,
	source_port int NOT NULL,
	source_security text NOT NULL,
	source_certificate text,
	destination_host text NOT NULL,
	destination_port int NOT NULL,
	destination_security text NOT NULL,
	destination_certificate text,
	include_folders text[] NOT NULL,
	exclude_folders text[] NOT NULL,
	since timestamptz,
	max_message_size bigint,
	sync_interval_seconds bigint NOT NULL,
	destination_must_be_empty boolean NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);

-- One mailbox of a plan. source_user / destination_user name the mailboxes; *_login is who logs in
-- (the user, or the plan's administrator acting for the user as SASL authorization identity).
CREATE TABLE migration (
	id uuid PRIMARY KEY,
	plan_id uuid NOT NULL REFERENCES plan (id),
	ordinal int NOT NULL,
	source_user text NOT NULL,
	source_login text NOT NULL,
	source_password_sealed text NOT NULL CHECK (source_password_sealed LIKE 'v1:%'),
	destination_user text NOT NULL,
	destination_login text NOT NULL,
	destination_password_sealed text NOT NULL CHECK (destination_password_sealed LIKE 'v1:%'),
	state text NOT NULL,
	-- the last pass asked of the workers (0: none yet)
	current_pass int NOT NULL DEFAULT 0,
	-- the pass that completes a SYNC_UNTIL_CUTOVER migration, once cutover was asked
	final_pass int,
	cutover_requested boolean NOT NULL DEFAULT false,
	next_sync_at timestamptz,
	error_type text,
	error_detail text,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (plan_id, ordinal)
);

CREATE INDEX migration_by_plan ON migration (plan_id, state);
CREATE INDEX migration_sync_due ON migration (next_sync_at) WHERE state = 'SYNCED';

-- History of the passes of a migration.
CREATE TABLE migration_pass (
	migration_id uuid NOT NULL REFERENCES migration (id),
	number int NOT NULL,
	final boolean NOT NULL DEFAULT false,
	outcome text NOT NULL,
	requested_at timestamptz NOT NULL,
	started_at timestamptz,
	finished_at timestamptz,
	-- what discovery found to copy in this pass
	messages_total bigint NOT NULL DEFAULT 0,
	bytes_total bigint NOT NULL DEFAULT 0,
	-- what the worker reported at the end of the pass
	messages_copied bigint,
	bytes_copied bigint,
	messages_skipped bigint,
	PRIMARY KEY (migration_id, number)
);

-- Read model: folders of a pass, from FoldersDiscovered then FolderCompleted.
CREATE TABLE folder_progress (
	migration_id uuid NOT NULL REFERENCES migration (id),
	pass int NOT NULL,
	folder text NOT NULL,
	destination_folder text,
	source_messages bigint NOT NULL DEFAULT 0,
	source_bytes bigint NOT NULL DEFAULT 0,
	to_copy bigint NOT NULL DEFAULT 0,
	bytes_to_copy bigint NOT NULL DEFAULT 0,
	rejected_reason text,
	completed boolean NOT NULL DEFAULT false,
	copied bigint,
	skipped bigint,
	in_ledger bigint,
	verified bigint,
	mismatched bigint,
	PRIMARY KEY (migration_id, pass, folder)
);

-- Read model: FolderCopyProgressed is cumulative per (pass, partition): the latest values are kept.
CREATE TABLE partition_progress (
	migration_id uuid NOT NULL REFERENCES migration (id),
	pass int NOT NULL,
	partition text NOT NULL,
	folder text NOT NULL,
	messages_copied bigint NOT NULL,
	bytes_copied bigint NOT NULL,
	messages_skipped bigint NOT NULL,
	updated_at timestamptz NOT NULL,
	PRIMARY KEY (migration_id, pass, partition)
);

CREATE TABLE skipped_message (
	migration_id uuid NOT NULL REFERENCES migration (id),
	pass int NOT NULL,
	folder text NOT NULL,
	uid bigint NOT NULL,
	size bigint NOT NULL,
	reason text NOT NULL,
	detail text,
	occurred_at timestamptz NOT NULL,
	PRIMARY KEY (migration_id, pass, folder, uid)
);

-- Transactional outbox: requests written with the state change that asks for them, published by
-- the relay, deleted once Kafka acknowledged them.
CREATE TABLE request_outbox (
	id bigserial PRIMARY KEY,
	migration_id uuid NOT NULL,
	pass int NOT NULL,
	payload text NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);

-- Events already applied to the read model: the worker's relay may publish an event twice.
CREATE TABLE processed_event (
	event_id uuid PRIMARY KEY,
	migration_id uuid NOT NULL,
	processed_at timestamptz NOT NULL DEFAULT now()
);
