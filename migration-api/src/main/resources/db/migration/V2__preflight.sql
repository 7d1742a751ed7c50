-- Pre-flight checks (DESIGN.md §1): run per migration before any byte moves.

-- Whether the plan was asked to start (created with "start": true, or POST /plans/{id}/start): a
-- migration whose pre-flight passes is then queued at once, otherwise it waits READY.
ALTER TABLE plan ADD COLUMN started boolean NOT NULL DEFAULT false;
UPDATE plan p SET started = true
WHERE EXISTS (SELECT 1 FROM migration m WHERE m.plan_id = p.id AND m.state <> 'READY');

-- The last pre-flight of a migration. checks is a JSON array of {name, status, detail}; no column
-- holds a credential.
CREATE TABLE preflight (
	migration_id uuid PRIMARY KEY REFERENCES migration (id),
	started_at timestamptz NOT NULL,
	finished_at timestamptz,
	outcome text,
	checks text NOT NULL DEFAULT '[]',
	folders int,
	messages bigint,
	bytes bigint,
	largest_message bigint,
	estimated_seconds bigint
);
