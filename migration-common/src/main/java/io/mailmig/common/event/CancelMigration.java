package io.mailmig.common.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Asks the workers to stop a migration: a queued pass does not start, a running pass stops cleanly at
 * its next chunk boundary (what is committed stays committed; a restart resumes from there). Published
 * to {@link Topics#MIGRATION_COMMANDS}, keyed by migration id.
 *
 * @param migrationId the migration to stop
 * @param requestedAt when it was asked
 */
public record CancelMigration(UUID migrationId, Instant requestedAt) {

	public CancelMigration {
		Objects.requireNonNull(migrationId, "migrationId");
		requestedAt = requestedAt == null ? Instant.now() : requestedAt;
	}

}
