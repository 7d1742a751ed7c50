package io.mailmig.api.progress;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.mailmig.api.migration.MigrationState;
import io.mailmig.api.migration.PassRequests;
import io.mailmig.api.progress.ProgressUpdate.Count;
import io.mailmig.common.event.FolderCompleted;
import io.mailmig.common.event.FolderCopyProgressed;
import io.mailmig.common.event.FoldersDiscovered;
import io.mailmig.common.event.FoldersDiscovered.DiscoveredFolder;
import io.mailmig.common.event.FoldersDiscovered.RejectedFolder;
import io.mailmig.common.event.MessageSkipped;
import io.mailmig.common.event.MigrationCompleted;
import io.mailmig.common.event.MigrationEvent;
import io.mailmig.common.event.MigrationFailed;
import io.mailmig.common.event.MigrationStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies the workers' events to the read model, once each (by {@code eventId}), and moves migrations
 * through their states. Events of a pass other than the current one (a pass that ran on after a
 * cancel, say) still go into the pass history and progress, but change no state.
 */
@Component
class ReadModel {

	private static final Logger log = LoggerFactory.getLogger(ReadModel.class);

	private final JdbcClient jdbc;

	private final PassRequests passes;

	ReadModel(JdbcClient jdbc, PassRequests passes) {
		this.jdbc = jdbc;
		this.passes = passes;
	}

	/** @return what changed, or empty for a duplicate or an event of a migration this api does not know */
	@Transactional
	Optional<Applied> apply(MigrationEvent event) {
		Optional<Migration> locked = this.jdbc.sql("""
				SELECT m.id, m.plan_id, m.state, m.current_pass, m.final_pass, m.cutover_requested, p.mode,
				  p.sync_interval_seconds
				FROM migration m JOIN plan p ON p.id = m.plan_id WHERE m.id = ? FOR UPDATE OF m""")
			.param(event.migrationId())
			.query(Migration.class)
			.optional();
		if (locked.isEmpty()) {
			log.debug("Event {} of unknown migration {} ignored", event.eventId(), event.migrationId());
			return Optional.empty();
		}
		int inserted = this.jdbc.sql("INSERT INTO processed_event (event_id, migration_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
			.params(event.eventId(), event.migrationId())
			.update();
		if (inserted == 0) {
			return Optional.empty();
		}
		Migration migration = locked.get();
		boolean current = event.pass() == migration.currentPass() && MigrationState.ACTIVE.contains(migration.state());
		Duration passDuration = null;
		String folder = null;
		if (event instanceof MigrationStarted started) {
			started(started, current);
		}
		else if (event instanceof FoldersDiscovered discovered) {
			discovered(discovered);
		}
		else if (event instanceof FolderCopyProgressed progressed) {
			progressed(progressed);
			folder = progressed.folder();
		}
		else if (event instanceof MessageSkipped skipped) {
			skipped(skipped);
			folder = skipped.folder();
		}
		else if (event instanceof FolderCompleted completed) {
			folderCompleted(completed);
			folder = completed.folder();
		}
		else if (event instanceof MigrationCompleted completed) {
			passDuration = completed(completed, migration, current);
		}
		else if (event instanceof MigrationFailed failed) {
			passDuration = failed(failed, current);
		}
		else if (event instanceof io.mailmig.common.event.MigrationCancelled cancelled) {
			// the migration is CANCELLED since the command; the worker confirms where the pass stopped
			this.jdbc.sql("""
					UPDATE migration_pass SET outcome = 'CANCELLED', finished_at = coalesce(finished_at, ?)
					WHERE migration_id = ? AND number = ?""")
				.params(ts(cancelled.occurredAt()), cancelled.migrationId(), cancelled.pass())
				.update();
		}
		return Optional.of(new Applied(event, update(migration, event, folder), passDuration));
	}

	private void started(MigrationStarted event, boolean current) {
		this.jdbc.sql("""
				INSERT INTO migration_pass (migration_id, number, outcome, requested_at, started_at)
				VALUES (?, ?, 'RUNNING', ?, ?)
				ON CONFLICT (migration_id, number) DO UPDATE
				  SET started_at = coalesce(migration_pass.started_at, EXCLUDED.started_at), finished_at = NULL,
				      outcome = CASE WHEN migration_pass.outcome = 'CANCELLED' THEN 'CANCELLED' ELSE 'RUNNING' END""")
			.params(event.migrationId(), event.pass(), ts(event.occurredAt()), ts(event.occurredAt()))
			.update();
		if (current) {
			state(event.migrationId(), MigrationState.RUNNING);
		}
	}

	private void discovered(FoldersDiscovered event) {
		for (DiscoveredFolder f : event.folders()) {
			this.jdbc.sql("""
					INSERT INTO folder_progress (migration_id, pass, folder, destination_folder, source_messages,
					  source_bytes, to_copy, bytes_to_copy)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (migration_id, pass, folder) DO UPDATE
					  SET destination_folder = EXCLUDED.destination_folder, source_messages = EXCLUDED.source_messages,
					      source_bytes = EXCLUDED.source_bytes, to_copy = EXCLUDED.to_copy,
					      bytes_to_copy = EXCLUDED.bytes_to_copy, rejected_reason = NULL""")
				.params(event.migrationId(), event.pass(), f.source(), f.destination(), f.messages(), f.bytes(),
						f.toCopy(), f.bytesToCopy())
				.update();
		}
		for (RejectedFolder f : event.rejected()) {
			this.jdbc.sql("""
					INSERT INTO folder_progress (migration_id, pass, folder, rejected_reason) VALUES (?, ?, ?, ?)
					ON CONFLICT (migration_id, pass, folder) DO UPDATE SET rejected_reason = EXCLUDED.rejected_reason""")
				.params(event.migrationId(), event.pass(), f.source(), f.reason())
				.update();
		}
		this.jdbc.sql("""
				UPDATE migration_pass SET
				  messages_total = (SELECT coalesce(sum(to_copy), 0) FROM folder_progress WHERE migration_id = ? AND pass = ?),
				  bytes_total = (SELECT coalesce(sum(bytes_to_copy), 0) FROM folder_progress WHERE migration_id = ? AND pass = ?)
				WHERE migration_id = ? AND number = ?""")
			.params(event.migrationId(), event.pass(), event.migrationId(), event.pass(), event.migrationId(),
					event.pass())
			.update();
	}

	/** Totals are cumulative per (pass, partition): keep the latest, never go backwards. */
	private void progressed(FolderCopyProgressed event) {
		this.jdbc.sql("""
				INSERT INTO partition_progress (migration_id, pass, partition, folder, messages_copied, bytes_copied,
				  messages_skipped, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (migration_id, pass, partition) DO UPDATE
				  SET messages_copied = greatest(partition_progress.messages_copied, EXCLUDED.messages_copied),
				      bytes_copied = greatest(partition_progress.bytes_copied, EXCLUDED.bytes_copied),
				      messages_skipped = greatest(partition_progress.messages_skipped, EXCLUDED.messages_skipped),
				      updated_at = EXCLUDED.updated_at""")
			.params(event.migrationId(), event.pass(), event.partition(), event.folder(), event.messagesCopied(),
					event.bytesCopied(), event.messagesSkipped(), ts(event.occurredAt()))
			.update();
	}

	private void skipped(MessageSkipped event) {
		this.jdbc.sql("""
				INSERT INTO skipped_message (migration_id, pass, folder, uid, size, reason, detail, occurred_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
			.params(event.migrationId(), event.pass(), event.folder(), event.uid(), event.size(),
					event.reason().name(), event.detail(), ts(event.occurredAt()))
			.update();
	}

	private void folderCompleted(FolderCompleted event) {
		this.jdbc.sql("""
				INSERT INTO folder_progress (migration_id, pass, folder, destination_folder, source_messages, completed,
				  copied, skipped, in_ledger, verified, mismatched)
				VALUES (?, ?, ?, ?, ?, true, ?, ?, ?, ?, ?)
				ON CONFLICT (migration_id, pass, folder) DO UPDATE
				  SET completed = true, copied = EXCLUDED.copied, skipped = EXCLUDED.skipped,
				      in_ledger = EXCLUDED.in_ledger, verified = EXCLUDED.verified, mismatched = EXCLUDED.mismatched""")
			.params(event.migrationId(), event.pass(), event.folder(), event.destinationFolder(),
					event.sourceMessages(), event.copied(), event.skipped(), event.inLedger(), event.verified(),
					event.mismatched())
			.update();
	}

	private Duration completed(MigrationCompleted event, Migration migration, boolean current) {
		String outcome = event.withErrors() ? "COMPLETED_WITH_ERRORS" : "COMPLETED";
		Duration duration = finish(event, outcome, event.messagesCopied(), event.bytesCopied(), event.messagesSkipped());
		if (!current) {
			return duration;
		}
		boolean untilCutover = "SYNC_UNTIL_CUTOVER".equals(migration.mode());
		boolean finalPass = migration.finalPass() != null && migration.finalPass() == event.pass();
		if (untilCutover && !finalPass && migration.cutoverRequested()) {
			// cutover was asked while this pass ran: the final pass copies what arrived meanwhile
			this.jdbc.sql("UPDATE migration SET cutover_requested = false, error_type = NULL, error_detail = NULL WHERE id = ?")
				.param(migration.id())
				.update();
			this.passes.request(migration.id(), event.pass() + 1, true);
		}
		else if (untilCutover && !finalPass) {
			this.jdbc.sql("""
					UPDATE migration SET state = 'SYNCED', next_sync_at = ?, error_type = NULL, error_detail = NULL,
					  updated_at = now() WHERE id = ?""")
				.params(ts(event.occurredAt().plusSeconds(migration.syncIntervalSeconds())), migration.id())
				.update();
		}
		else {
			this.jdbc.sql("""
					UPDATE migration SET state = ?, next_sync_at = NULL, error_type = NULL, error_detail = NULL,
					  updated_at = now() WHERE id = ?""")
				.params(outcome, migration.id())
				.update();
		}
		return duration;
	}

	private Duration failed(MigrationFailed event, boolean current) {
		Duration duration = finish(event, "FAILED", null, null, null);
		if (current) {
			this.jdbc.sql("""
					UPDATE migration SET state = 'FAILED', error_type = ?, error_detail = ?, updated_at = now()
					WHERE id = ?""")
				.params(event.reason().name(), event.detail(), event.migrationId())
				.update();
		}
		return duration;
	}

	/** Ends a pass in the history; its duration when it had started. */
	private Duration finish(MigrationEvent event, String outcome, Long copied, Long bytes, Long skipped) {
		return this.jdbc.sql("""
				UPDATE migration_pass SET finished_at = ?,
				  outcome = CASE WHEN outcome = 'CANCELLED' AND CAST(? AS text) = 'FAILED' THEN outcome ELSE ? END,
				  messages_copied = ?, bytes_copied = ?, messages_skipped = ?
				WHERE migration_id = ? AND number = ? RETURNING started_at""")
			.params(ts(event.occurredAt()), outcome, outcome, copied, bytes, skipped, event.migrationId(), event.pass())
			.query((rs, i) -> {
				Timestamp started = rs.getTimestamp(1);
				return started == null ? null : Duration.between(started.toInstant(), event.occurredAt());
			})
			.optional()
			.orElse(null);
	}

	private void state(UUID migrationId, MigrationState state) {
		this.jdbc.sql("UPDATE migration SET state = ?, updated_at = now() WHERE id = ?")
			.params(state.name(), migrationId)
			.update();
	}

	private ProgressUpdate update(Migration migration, MigrationEvent event, String folder) {
		return this.jdbc.sql("""
				SELECT m.state,
				  (SELECT coalesce(sum(messages_copied), 0) FROM partition_progress WHERE migration_id = m.id) AS copied,
				  (SELECT coalesce(sum(bytes_copied), 0) FROM partition_progress WHERE migration_id = m.id) AS bytes_copied,
				  (SELECT coalesce(sum(messages_total), 0) FROM migration_pass WHERE migration_id = m.id) AS messages,
				  (SELECT coalesce(sum(bytes_total), 0) FROM migration_pass WHERE migration_id = m.id) AS bytes
				FROM migration m WHERE m.id = ?""")
			.param(migration.id())
			.query((rs, i) -> new ProgressUpdate(migration.planId(), migration.id(), type(event), event.pass(),
					rs.getString("state"), folder, new Count(rs.getLong("copied"), rs.getLong("messages")),
					new Count(rs.getLong("bytes_copied"), rs.getLong("bytes")), event.occurredAt()))
			.single();
	}

	/** The event's JSON type name, as the contract spells it ({@code folder-copy-progressed}). */
	static String type(MigrationEvent event) {
		return event.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
	}

	private static Timestamp ts(Instant instant) {
		return instant == null ? new Timestamp(System.currentTimeMillis()) : Timestamp.from(instant);
	}

	/** The migration an event is about, locked. */
	record Migration(UUID id, UUID planId, MigrationState state, int currentPass, Integer finalPass,
			boolean cutoverRequested, String mode, long syncIntervalSeconds) {
	}

	/**
	 * An event applied for the first time.
	 *
	 * @param event the event
	 * @param update what server-sent event clients are told
	 * @param passDuration how long the pass ran, when the event ended one
	 */
	record Applied(MigrationEvent event, ProgressUpdate update, Duration passDuration) {
	}

}
