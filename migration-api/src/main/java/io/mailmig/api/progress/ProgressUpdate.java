package io.mailmig.api.progress;

import java.time.Instant;
import java.util.UUID;

/**
 * What a server-sent events client receives when an event changed a migration: the event's kind and
 * the migration's state and counters after it.
 *
 * @param planId the plan
 * @param migrationId the migration
 * @param type the event's kind ({@code folder-copy-progressed}, {@code migration-completed}…)
 * @param pass the pass it is about
 * @param state the migration's state after it
 * @param folder the folder it is about, if any
 * @param messages messages copied and to copy, over all passes
 * @param bytes bytes copied and to copy, over all passes
 * @param occurredAt when the worker reported it
 */
public record ProgressUpdate(UUID planId, UUID migrationId, String type, int pass, String state, String folder,
		Count messages, Count bytes, Instant occurredAt) {

	/**
	 * @param copied copied so far
	 * @param total to copy
	 */
	public record Count(long copied, long total) {
	}

}
