package io.mailmig.common.event;

import java.time.Instant;
import java.util.UUID;

/**
 * A message that was not copied, and why. The rest of the folder goes on.
 *
 * @param eventId unique event id
 * @param migrationId the migration
 * @param pass pass number
 * @param occurredAt when
 * @param folder source folder (decoded)
 * @param uid source UID
 * @param size message size in bytes
 * @param reason why
 * @param detail the server's words, if any (never message content)
 */
public record MessageSkipped(UUID eventId, UUID migrationId, int pass, Instant occurredAt, String folder, long uid,
		long size, SkipReason reason, String detail) implements MigrationEvent {
}
