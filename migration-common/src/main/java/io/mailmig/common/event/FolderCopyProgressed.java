package io.mailmig.common.event;

import java.time.Instant;
import java.util.UUID;

/**
 * One committed chunk of a folder. Totals are for this pass and this folder partition.
 *
 * @param eventId unique event id
 * @param migrationId the migration
 * @param pass pass number
 * @param occurredAt when
 * @param folder source folder (decoded)
 * @param partition the partition name (a folder, or a UID range of a large folder)
 * @param chunkMessages messages appended by this chunk
 * @param chunkBytes bytes appended by this chunk
 * @param messagesCopied messages appended so far in this partition and pass
 * @param bytesCopied bytes appended so far in this partition and pass
 * @param messagesSkipped messages skipped so far in this partition and pass
 */
public record FolderCopyProgressed(UUID eventId, UUID migrationId, int pass, Instant occurredAt, String folder,
		String partition, long chunkMessages, long chunkBytes, long messagesCopied, long bytesCopied,
		long messagesSkipped) implements MigrationEvent {
}
