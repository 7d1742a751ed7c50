package io.mailmig.common.event;

/** Kafka topic names, in one place. Both topics are keyed by migration id. */
public final class Topics {

	/** {@link MigrationRequest}s from the api to the workers. */
	public static final String MIGRATION_REQUESTS = "mailmig.migration-requests";

	/** Requests a worker could not read (malformed JSON, a key it cannot open). */
	public static final String MIGRATION_REQUESTS_DLT = "mailmig.migration-requests-dlt";

	/** Commands about migrations already requested ({@link CancelMigration}), from the api to the workers. */
	public static final String MIGRATION_COMMANDS = "mailmig.migration-commands";

	/** {@link MigrationEvent}s from the workers to the api. */
	public static final String MIGRATION_EVENTS = "mailmig.migration-events";

	private Topics() {
	}

}
