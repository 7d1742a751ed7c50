package io.mailmig.common.event;

import java.time.Instant;
import java.util.UUID;

/**
 * A pass stopped before the end. A restart resumes from the last committed chunk.
 *
 * @param eventId unique event id
 * @param migrationId the migration
 * @param pass pass number
 * @param occurredAt when
 * @param reason the kind of failure
 * @param detail what happened, in words (never a password)
 * @param retryable whether restarting may succeed without changing anything (a transient failure)
 */
public record MigrationFailed(UUID eventId, UUID migrationId, int pass, Instant occurredAt, FailureType reason,
		String detail, boolean retryable) implements MigrationEvent {
}
