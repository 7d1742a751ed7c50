package io.mailmig.common.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The source folders of a pass and what they hold.
 *
 * @param eventId unique event id
 * @param migrationId the migration
 * @param pass pass number
 * @param occurredAt when
 * @param folders one entry per selectable source folder that will be copied
 * @param rejected folders that could not be mapped or created at the destination, with why
 */
public record FoldersDiscovered(UUID eventId, UUID migrationId, int pass, Instant occurredAt,
		List<DiscoveredFolder> folders, List<RejectedFolder> rejected) implements MigrationEvent {

	public FoldersDiscovered {
		folders = List.copyOf(folders);
		rejected = rejected == null ? List.of() : List.copyOf(rejected);
	}

	/**
	 * @param source source folder name as the user sees it (decoded, {@code /} between levels)
	 * @param destination destination folder name, same form
	 * @param messages messages in the source folder
	 * @param bytes their total size
	 * @param toCopy messages this pass will copy (not in the ledger yet)
	 * @param bytesToCopy their total size
	 */
	public record DiscoveredFolder(String source, String destination, long messages, long bytes, long toCopy,
			long bytesToCopy) {
	}

	/**
	 * @param source source folder name as the user sees it
	 * @param reason why it is not copied
	 */
	public record RejectedFolder(String source, String reason) {
	}

}
