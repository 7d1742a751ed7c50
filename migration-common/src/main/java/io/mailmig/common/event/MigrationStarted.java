package io.mailmig.common.event;

import java.time.Instant;
import java.util.UUID;

/**
 * A worker started (or resumed) a pass.
 *
 * @param eventId unique event id
 * @param migrationId the migration
 * @param pass pass number
 * @param occurredAt when
 * @param sourceMailbox {@code user@host:port} of the source
 * @param destinationMailbox {@code user@host:port} of the destination
 * @param resumed true when this continues an interrupted pass from its last committed chunk
 * @param worker the worker instance running it
 */
public record MigrationStarted(UUID eventId, UUID migrationId, int pass, Instant occurredAt, String sourceMailbox,
		String destinationMailbox, boolean resumed, String worker) implements MigrationEvent {
}
