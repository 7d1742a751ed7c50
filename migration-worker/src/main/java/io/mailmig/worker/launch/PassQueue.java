package io.mailmig.worker.launch;

import java.time.Duration;
import java.util.Optional;

import io.mailmig.common.event.FailureType;
import io.mailmig.common.event.Json;
import io.mailmig.common.event.MigrationRequest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The passes this worker group was asked to run ({@code mailbox_pass}): an inbox fed by Kafka, and
 * leases that keep a pass on one worker at a time. A worker that dies stops renewing its leases; any
 * worker then takes its passes over. All times are the database's, so workers' clocks do not matter.
 */
@Repository
public class PassQueue {

	private final JdbcTemplate jdbc;

	PassQueue(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Queues a requested pass. A request delivered twice is ignored while the pass is queued, running
	 * or completed; a request for a pass that failed or was cancelled queues it again (that is how a
	 * restart is asked).
	 * @return true when the pass was queued by this call
	 */
	public boolean enqueue(MigrationRequest request) {
		if (cancelledAfter(request)) {
			this.jdbc.update("""
					INSERT INTO mailbox_pass (pass_key, migration_id, pass, request, state)
					VALUES (?, ?, ?, ?, 'CANCELLED') ON CONFLICT DO NOTHING""", request.passKey(), request.migrationId(),
					request.pass(), Json.mapper().writeValueAsString(request));
			return false;
		}
		int rows = this.jdbc.update("""
				INSERT INTO mailbox_pass (pass_key, migration_id, pass, request, state)
				VALUES (?, ?, ?, ?, 'QUEUED')
				ON CONFLICT (pass_key) DO UPDATE
				  SET state = 'QUEUED', request = EXCLUDED.request, attempts = 0, not_before = now(),
				      owner = NULL, lease_until = NULL, failure_type = NULL, failure_detail = NULL,
				      cancel_requested = false, updated_at = now()
				  WHERE mailbox_pass.state IN ('FAILED', 'CANCELLED')""", request.passKey(), request.migrationId(), request.pass(),
				Json.mapper().writeValueAsString(request));
		return rows > 0;
	}

	/** Takes the oldest pass that is queued and due, or running under an expired lease. */
	Optional<ClaimedPass> claim(String owner, Duration lease) {
		return this.jdbc.query("""
				UPDATE mailbox_pass SET state = 'RUNNING', owner = ?, lease_until = now() + make_interval(secs => ?),
				  attempts = attempts + 1, updated_at = now()
				WHERE pass_key = (
				  SELECT pass_key FROM mailbox_pass
				  WHERE (state = 'QUEUED' AND not_before <= now()) OR (state = 'RUNNING' AND lease_until < now())
				  ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
				RETURNING pass_key, attempts""", (rs, i) -> new ClaimedPass(rs.getString(1), rs.getInt(2)), owner,
				seconds(lease)).stream().findFirst();
	}

	/** Renews the leases of every pass this worker runs. */
	int renew(String owner, Duration lease) {
		return this.jdbc.update("""
				UPDATE mailbox_pass SET lease_until = now() + make_interval(secs => ?)
				WHERE owner = ? AND state = 'RUNNING'""", seconds(lease), owner);
	}

	void completed(String passKey, String owner) {
		this.jdbc.update("""
				UPDATE mailbox_pass SET state = 'COMPLETED', lease_until = NULL, failure_type = NULL,
				  failure_detail = NULL, updated_at = now()
				WHERE pass_key = ? AND owner = ?""", passKey, owner);
	}

	void failed(String passKey, String owner, FailureType type, String detail) {
		this.jdbc.update("""
				UPDATE mailbox_pass SET state = 'FAILED', lease_until = NULL, failure_type = ?, failure_detail = ?,
				  updated_at = now()
				WHERE pass_key = ? AND owner = ?""", type.name(), detail, passKey, owner);
	}

	/** Puts a transiently failed pass back in the queue, due after {@code delay}. */
	void retryLater(String passKey, String owner, Duration delay, FailureType type, String detail) {
		this.jdbc.update("""
				UPDATE mailbox_pass SET state = 'QUEUED', owner = NULL, lease_until = NULL,
				  not_before = now() + make_interval(secs => ?), failure_type = ?, failure_detail = ?, updated_at = now()
				WHERE pass_key = ? AND owner = ?""", seconds(delay), type.name(), detail, passKey, owner);
	}

	/**
	 * Puts a pass that waited too long for a connection slot back in the queue, due after {@code delay},
	 * without counting the run as one of its attempts: busy servers are no fault of the mailbox.
	 */
	void postpone(String passKey, String owner, Duration delay, FailureType type, String detail) {
		this.jdbc.update("""
				UPDATE mailbox_pass SET state = 'QUEUED', owner = NULL, lease_until = NULL,
				  not_before = now() + make_interval(secs => ?), attempts = greatest(attempts - 1, 0),
				  failure_type = ?, failure_detail = ?, updated_at = now()
				WHERE pass_key = ? AND owner = ?""", seconds(delay), type.name(), detail, passKey, owner);
	}

	/**
	 * Cancels a migration: its queued passes are CANCELLED at once (returned, to be reported), its running
	 * passes are marked for their worker to stop at the next chunk boundary.
	 */
	public java.util.List<MigrationRequest> cancel(java.util.UUID migrationId, java.time.Instant requestedAt) {
		this.jdbc.update("""
				INSERT INTO migration_cancel (migration_id, requested_at) VALUES (?, ?)
				ON CONFLICT (migration_id) DO UPDATE
				  SET requested_at = GREATEST(migration_cancel.requested_at, EXCLUDED.requested_at)""", migrationId,
				java.sql.Timestamp.from(requestedAt));
		this.jdbc.update("""
				UPDATE mailbox_pass SET cancel_requested = true, updated_at = now()
				WHERE migration_id = ? AND state = 'RUNNING'""", migrationId);
		return this.jdbc.query("""
				UPDATE mailbox_pass SET state = 'CANCELLED', owner = NULL, lease_until = NULL, updated_at = now()
				WHERE migration_id = ? AND state IN ('QUEUED', 'FAILED') RETURNING request""",
				(rs, i) -> Json.mapper().readValue(rs.getString(1), MigrationRequest.class), migrationId);
	}

	/** Whether the migration was cancelled after this request was issued (the cancel overtook it). */
	private boolean cancelledAfter(MigrationRequest request) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("""
				SELECT EXISTS (SELECT 1 FROM migration_cancel WHERE migration_id = ? AND requested_at > ?)""",
				Boolean.class, request.migrationId(), java.sql.Timestamp.from(request.requestedAt())));
	}

	/** Passes this worker runs. */
	java.util.List<String> running(String owner) {
		return this.jdbc.queryForList("SELECT pass_key FROM mailbox_pass WHERE owner = ? AND state = 'RUNNING'",
				String.class, owner);
	}

	/** Gives a pass stopped by a shutdown back to the queue: any worker resumes it at once. */
	void release(String passKey, String owner) {
		this.jdbc.update("""
				UPDATE mailbox_pass SET state = 'QUEUED', owner = NULL, lease_until = NULL, not_before = now(),
				  attempts = greatest(attempts - 1, 0), updated_at = now()
				WHERE pass_key = ? AND owner = ?""", passKey, owner);
	}

	/** Passes this worker runs that were asked to stop. */
	java.util.List<String> cancelRequested(String owner) {
		return this.jdbc.queryForList("""
				SELECT pass_key FROM mailbox_pass WHERE owner = ? AND state = 'RUNNING' AND cancel_requested""",
				String.class, owner);
	}

	boolean isCancelRequested(String passKey) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT cancel_requested FROM mailbox_pass WHERE pass_key = ?", Boolean.class, passKey));
	}

	void cancelled(String passKey, String owner) {
		this.jdbc.update("""
				UPDATE mailbox_pass SET state = 'CANCELLED', lease_until = NULL, updated_at = now()
				WHERE pass_key = ? AND owner = ?""", passKey, owner);
	}

	/** The request of a pass (passwords still sealed). */
	public MigrationRequest request(String passKey) {
		String json = this.jdbc.queryForObject("SELECT request FROM mailbox_pass WHERE pass_key = ?", String.class,
				passKey);
		return Json.mapper().readValue(json, MigrationRequest.class);
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
