package io.mailmig.common.event;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a worker reports about a migration pass, published to {@link Topics#MIGRATION_EVENTS} once the
 * work it describes is committed. Changes are additive: readers ignore unknown fields. Events never
 * carry a password.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = MigrationStarted.class, name = "migration-started"),
		@JsonSubTypes.Type(value = FoldersDiscovered.class, name = "folders-discovered"),
		@JsonSubTypes.Type(value = FolderCopyProgressed.class, name = "folder-copy-progressed"),
		@JsonSubTypes.Type(value = MessageSkipped.class, name = "message-skipped"),
		@JsonSubTypes.Type(value = FolderCompleted.class, name = "folder-completed"),
		@JsonSubTypes.Type(value = MigrationCompleted.class, name = "migration-completed"),
		@JsonSubTypes.Type(value = MigrationFailed.class, name = "migration-failed"),
		@JsonSubTypes.Type(value = MigrationCancelled.class, name = "migration-cancelled") })
public sealed interface MigrationEvent permits MigrationStarted, FoldersDiscovered, FolderCopyProgressed,
		MessageSkipped, FolderCompleted, MigrationCompleted, MigrationFailed, MigrationCancelled {

	UUID eventId();

	UUID migrationId();

	int pass();

	Instant occurredAt();

}
