package io.mailmig.common.event;

import java.time.Instant;
import java.util.UUID;

/**
 * A pass ended with every folder copied.
 *
 * @param eventId unique event id
 * @param migrationId the migration
 * @param pass pass number
 * @param occurredAt when
 * @param messagesCopied messages appended by this pass
 * @param bytesCopied bytes appended by this pass
 * @param messagesSkipped messages skipped by this pass
 * @param withErrors true when messages were skipped, folders rejected or verification found a mismatch
 */
public record MigrationCompleted(UUID eventId, UUID migrationId, int pass, Instant occurredAt, long messagesCopied,
		long bytesCopied, long messagesSkipped, boolean withErrors) implements MigrationEvent {
}
