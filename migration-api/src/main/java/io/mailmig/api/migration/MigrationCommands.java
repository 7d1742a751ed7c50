package io.mailmig.api.migration;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.mailmig.api.preflight.PreflightRunner;
import io.mailmig.api.system.CommandRejectedException;
import io.mailmig.api.system.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an operator may ask of a migration, and of every migration of a plan. Each command locks the
 * migration row, checks its state and, when a pass is needed, writes the request to the outbox in the
 * same transaction (see {@link PassRequests}). A command the state does not allow is refused with the
 * reason, answered 409.
 */
@Service
public class MigrationCommands {

	private static final Logger log = LoggerFactory.getLogger(MigrationCommands.class);

	private static final Set<MigrationState> SYNCABLE = EnumSet.of(MigrationState.SYNCED, MigrationState.COMPLETED,
			MigrationState.COMPLETED_WITH_ERRORS);

	private static final Set<MigrationState> CANCELLABLE = EnumSet.of(MigrationState.PENDING,
			MigrationState.PREFLIGHT, MigrationState.READY, MigrationState.QUEUED, MigrationState.RUNNING,
			MigrationState.SYNCED, MigrationState.FAILED);

	private final JdbcClient jdbc;

	private final PassRequests passes;

	private final PreflightRunner preflights;

	MigrationCommands(JdbcClient jdbc, PassRequests passes, PreflightRunner preflights) {
		this.jdbc = jdbc;
		this.passes = passes;
		this.preflights = preflights;
	}

	/**
	 * Resumes a failed pass from its last committed chunk (the same pass number), or a cancelled one. A
	 * migration that never had a pass (its pre-flight failed, or it was cancelled before) goes through
	 * pre-flight again, then on as its plan says.
	 */
	@Transactional
	public void restart(UUID migrationId) {
		restart(lock(migrationId));
	}

	/** Runs an incremental pass now: copies what arrived since the last pass. */
	@Transactional
	public void sync(UUID migrationId) {
		Locked migration = lock(migrationId);
		if (!SYNCABLE.contains(migration.state())) {
			throw refused(migration, "sync", "only a SYNCED or COMPLETED migration can sync (restart a FAILED one)");
		}
		this.passes.request(migration.id(), migration.currentPass() + 1, false);
	}

	/**
	 * Completes a {@code SYNC_UNTIL_CUTOVER} migration: a final pass, then {@code COMPLETED}. Asked while a
	 * pass runs, the final pass follows it, so that mail delivered meanwhile is copied too.
	 */
	@Transactional
	public void cutover(UUID migrationId) {
		Locked migration = lock(migrationId);
		if (!"SYNC_UNTIL_CUTOVER".equals(migration.mode())) {
			throw refused(migration, "cutover", "its plan is ONE_SHOT: it completes after its pass");
		}
		if (migration.state() == MigrationState.SYNCED) {
			this.passes.request(migration.id(), migration.currentPass() + 1, true);
		}
		else if (MigrationState.ACTIVE.contains(migration.state())) {
			this.jdbc.sql("UPDATE migration SET cutover_requested = true, updated_at = now() WHERE id = ?")
				.param(migration.id())
				.update();
		}
		else {
			throw refused(migration, "cutover", "only a SYNCED, QUEUED or RUNNING migration can be cut over");
		}
	}

	/**
	 * Stops a migration: requests not yet published are withdrawn, and events of a pass still running are
	 * recorded in its history without changing the state.
	 */
	@Transactional
	public void cancel(UUID migrationId) {
		cancel(lock(migrationId));
	}

	/**
	 * Starts a plan created as a draft: queues the first pass of its {@code READY} migrations, and of
	 * those still in pre-flight as soon as theirs passes.
	 */
	@Transactional
	public int startPlan(UUID planId) {
		// the plan row first, as a pre-flight ending meanwhile locks it (PreflightRunner)
		if (this.jdbc.sql("UPDATE plan SET started = true WHERE id = ?").param(planId).update() == 0) {
			throw new NotFoundException("plan", planId);
		}
		List<Locked> ready = lockPlan(planId, MigrationState.READY);
		long checking = this.jdbc.sql("SELECT count(*) FROM migration WHERE plan_id = ? AND state IN ('PENDING', 'PREFLIGHT')")
			.param(planId)
			.query(Long.class)
			.single();
		if (ready.isEmpty() && checking == 0) {
			throw new CommandRejectedException("plan " + planId + " has no READY migration to start");
		}
		ready.forEach(m -> this.passes.request(m.id(), 1, false));
		log.info("Plan {} started: {} migration(s) queued, {} more once their pre-flight passes", planId, ready.size(),
				checking);
		return ready.size();
	}

	/** Restarts every {@code FAILED} migration of a plan. */
	@Transactional
	public int restartFailed(UUID planId) {
		List<Locked> failed = lockPlan(planId, MigrationState.FAILED);
		if (failed.isEmpty()) {
			throw new CommandRejectedException("plan " + planId + " has no FAILED migration to restart");
		}
		failed.forEach(this::restart);
		return failed.size();
	}

	/** Cancels every migration of a plan that is not done yet. */
	@Transactional
	public int cancelPlan(UUID planId) {
		List<Locked> cancellable = lockPlan(planId, null).stream()
			.filter(m -> CANCELLABLE.contains(m.state()))
			.toList();
		if (cancellable.isEmpty()) {
			throw new CommandRejectedException("plan " + planId + " has no migration left to cancel");
		}
		cancellable.forEach(this::cancel);
		return cancellable.size();
	}

	private void restart(Locked migration) {
		if (migration.currentPass() == 0 && (migration.state() == MigrationState.FAILED
				|| migration.state() == MigrationState.CANCELLED)) {
			// no pass was ever asked: what failed or was stopped is the pre-flight, which runs again
			this.jdbc.sql("""
					UPDATE migration SET state = 'PENDING', error_type = NULL, error_detail = NULL, updated_at = now()
					WHERE id = ?""").param(migration.id()).update();
			this.preflights.runAfterCommit(List.of(migration.id()));
			log.info("Migration {} restarted: pre-flight", migration.id());
			return;
		}
		int pass;
		if (migration.state() == MigrationState.FAILED) {
			pass = Math.max(1, migration.currentPass());
		}
		else if (migration.state() == MigrationState.CANCELLED) {
			// a cancelled pass that the worker finished anyway is not asked again: it would be ignored
			boolean finished = migration.lastPassOutcome() != null && migration.lastPassOutcome().startsWith("COMPLETED");
			pass = migration.currentPass() == 0 ? 1 : migration.currentPass() + (finished ? 1 : 0);
		}
		else {
			throw refused(migration, "restart", "only a FAILED or CANCELLED migration can be restarted");
		}
		this.jdbc.sql("UPDATE migration SET cutover_requested = false WHERE id = ?").param(migration.id()).update();
		this.passes.request(migration.id(), pass, migration.finalPass() != null && migration.finalPass() == pass);
		log.info("Migration {} restarted: pass {}", migration.id(), pass);
	}

	private void cancel(Locked migration) {
		if (!CANCELLABLE.contains(migration.state())) {
			throw refused(migration, "cancel", "it is already over");
		}
		this.jdbc.sql("DELETE FROM request_outbox WHERE migration_id = ?").param(migration.id()).update();
		// a pass already sent may be queued or running at a worker: it stops at its next chunk boundary
		this.jdbc.sql("INSERT INTO request_outbox (migration_id, pass, topic, payload) VALUES (?, 0, ?, ?)")
			.params(migration.id(), io.mailmig.common.event.Topics.MIGRATION_COMMANDS,
					io.mailmig.common.event.Json.mapper()
						.writeValueAsString(new io.mailmig.common.event.CancelMigration(migration.id(),
								java.time.Instant.now())))
			.update();
		this.jdbc.sql("""
				UPDATE migration SET state = 'CANCELLED', cutover_requested = false, next_sync_at = NULL,
				  updated_at = now() WHERE id = ?""").param(migration.id()).update();
		this.jdbc.sql("""
				UPDATE migration_pass SET outcome = 'CANCELLED', finished_at = coalesce(finished_at, now())
				WHERE migration_id = ? AND number = ? AND outcome IN ('REQUESTED', 'RUNNING')""")
			.params(migration.id(), migration.currentPass())
			.update();
		log.info("Migration {} cancelled (was {})", migration.id(), migration.state());
	}

	private Locked lock(UUID migrationId) {
		return this.jdbc.sql(SELECT + " WHERE m.id = ? FOR UPDATE OF m")
			.param(migrationId)
			.query(Locked.class)
			.optional()
			.orElseThrow(() -> new NotFoundException("migration", migrationId));
	}

	private List<Locked> lockPlan(UUID planId, MigrationState state) {
		if (this.jdbc.sql("SELECT count(*) FROM plan WHERE id = ?").param(planId).query(Long.class).single() == 0) {
			throw new NotFoundException("plan", planId);
		}
		return this.jdbc.sql(SELECT + " WHERE m.plan_id = ? AND (CAST(? AS text) IS NULL OR m.state = ?)"
				+ " ORDER BY m.ordinal FOR UPDATE OF m")
			.params(planId, state == null ? null : state.name(), state == null ? null : state.name())
			.query(Locked.class)
			.list();
	}

	private static CommandRejectedException refused(Locked migration, String command, String why) {
		return new CommandRejectedException(
				"cannot " + command + " migration " + migration.id() + " in state " + migration.state() + ": " + why);
	}

	private static final String SELECT = """
			SELECT m.id, m.state, m.current_pass, m.final_pass, p.mode,
			  (SELECT outcome FROM migration_pass mp WHERE mp.migration_id = m.id AND mp.number = m.current_pass)
			    AS last_pass_outcome
			FROM migration m JOIN plan p ON p.id = m.plan_id""";

	/** A migration row locked for a command. */
	record Locked(UUID id, MigrationState state, int currentPass, Integer finalPass, String mode,
			String lastPassOutcome) {
	}

}
