-- When a migration was last cancelled: a request issued before that (overtaken by the cancel on its way)
-- is not run; a restart, issued after, is.
CREATE TABLE migration_cancel (
	migration_id UUID PRIMARY KEY,
	requested_at TIMESTAMPTZ NOT NULL
);
