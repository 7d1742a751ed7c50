package io.mailmig.common.event;

import java.time.Instant;
import java.util.UUID;

/**
 * A folder was copied and verified.
 *
 * @param eventId unique event id
 * @param migrationId the migration
 * @param pass pass number
 * @param occurredAt when
 * @param folder source folder (decoded)
 * @param destinationFolder destination folder (decoded)
 * @param sourceMessages messages in the source folder at discovery
 * @param copied messages appended by this pass
 * @param skipped messages skipped by this pass
 * @param inLedger messages of this folder the ledger holds after this pass (all passes)
 * @param verified messages read back from the destination whose digest matched the ledger
 * @param mismatched messages read back whose digest differed, or missing at the destination
 */
public record FolderCompleted(UUID eventId, UUID migrationId, int pass, Instant occurredAt, String folder,
		String destinationFolder, long sourceMessages, long copied, long skipped, long inLedger, long verified,
		long mismatched) implements MigrationEvent {
}
