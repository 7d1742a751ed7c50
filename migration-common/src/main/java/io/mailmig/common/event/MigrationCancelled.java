package io.mailmig.common.event;

import java.time.Instant;
import java.util.UUID;

/**
 * A pass stopped because the migration was cancelled; what it copied before is committed and in the
 * ledger.
 *
 * @param eventId unique event id
 * @param migrationId the migration
 * @param pass pass number
 * @param occurredAt when
 * @param messagesCopied messages this pass appended before it stopped
 */
public record MigrationCancelled(UUID eventId, UUID migrationId, int pass, Instant occurredAt, long messagesCopied)
		implements MigrationEvent {
}
