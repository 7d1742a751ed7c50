package io.mailmig.api.preflight;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;

import io.mailmig.api.migration.PassRequests;
import io.mailmig.api.preflight.PreflightChecks.Account;
import io.mailmig.api.preflight.PreflightResult.Content;
import io.mailmig.api.system.ApiProperties;
import io.mailmig.common.crypto.CredentialCipher;
import io.mailmig.common.event.FailureType;
import io.mailmig.common.event.Json;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.imap.AngusImapConnector;
import io.mailmig.common.imap.ImapTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the pre-flight of {@code PENDING} migrations on a bounded pool, off the request thread:
 * {@code PENDING → PREFLIGHT →} {@code READY} (or {@code QUEUED} at once when its plan was started) when
 * no check failed, {@code FAILED} with the first failed check's type otherwise; no request is ever
 * published for a migration whose pre-flight failed.
 * <p>
 * The database is the queue: the pool only holds migration ids, and migrations left {@code PENDING}
 * or {@code PREFLIGHT} by a stop are checked again when the api starts. Running a check twice (two api
 * instances, a restart) costs two IMAP logins and nothing else: a result is only applied to a
 * migration still in {@code PREFLIGHT}, so a migration cancelled meanwhile stays cancelled.
 */
@Component
public class PreflightRunner implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PreflightRunner.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final PassRequests passes;

	private final CredentialCipher cipher;

	private final PreflightChecks checks;

	private final ThreadPoolTaskExecutor pool;

	PreflightRunner(JdbcClient jdbc, TransactionTemplate tx, PassRequests passes, CredentialCipher cipher,
			ApiProperties properties) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.passes = passes;
		this.cipher = cipher;
		ApiProperties.Preflight settings = properties.preflight();
		ImapTimeouts timeouts = new ImapTimeouts(settings.connectTimeout(), settings.readTimeout(),
				settings.readTimeout());
		this.checks = new PreflightChecks(new AngusImapConnector(timeouts), settings.assumedThroughput().toBytes());
		// not a bean: an Executor bean would replace Boot's applicationTaskExecutor
		this.pool = new ThreadPoolTaskExecutor();
		this.pool.setCorePoolSize(settings.concurrency());
		this.pool.setMaxPoolSize(settings.concurrency());
		this.pool.setThreadNamePrefix("preflight-");
		this.pool.initialize();
	}

	/** Checks these {@code PENDING} migrations once the current transaction commits (at once without one). */
	public void runAfterCommit(List<UUID> migrationIds) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			submit(migrationIds);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				submit(migrationIds);
			}
		});
	}

	@EventListener(ApplicationReadyEvent.class)
	void resumeUnfinished() {
		List<UUID> unfinished = this.jdbc.sql("""
				SELECT id FROM migration WHERE state IN ('PENDING', 'PREFLIGHT') ORDER BY created_at, ordinal""")
			.query(UUID.class)
			.list();
		if (!unfinished.isEmpty()) {
			log.info("Resuming the pre-flight of {} migration(s)", unfinished.size());
			submit(unfinished);
		}
	}

	private void submit(List<UUID> migrationIds) {
		try {
			migrationIds.forEach(id -> this.pool.execute(() -> run(id)));
		}
		catch (RejectedExecutionException ex) {
			// shutting down: they stay PENDING and are resumed at the next start
			log.info("Pre-flight not started, the api is stopping: migrations stay PENDING");
		}
	}

	void run(UUID migrationId) {
		try {
			Account account = this.tx.execute(status -> claim(migrationId));
			if (account == null) {
				return;
			}
			PreflightResult result = this.checks.run(account);
			this.tx.executeWithoutResult(status -> apply(migrationId, result));
		}
		catch (RuntimeException ex) {
			log.error("Pre-flight of migration {} could not run: {}", migrationId, ex.toString());
			PreflightResult failed = new PreflightResult(List.of(new PreflightCheck("PREFLIGHT",
					PreflightCheck.Status.FAIL, "the checks could not run: " + ex.getClass().getSimpleName())),
					FailureType.INTERNAL.name(), null);
			try {
				this.tx.executeWithoutResult(status -> apply(migrationId, failed));
			}
			catch (RuntimeException again) {
				// the database is gone too (shutting down): the migration is resumed at the next start
				log.warn("Pre-flight of migration {} left unfinished: {}", migrationId, again.toString());
			}
		}
	}

	/** {@code PENDING} (or {@code PREFLIGHT} left by a stop) → {@code PREFLIGHT}; null when it is neither. */
	private Account claim(UUID migrationId) {
		int claimed = this.jdbc.sql("""
				UPDATE migration SET state = 'PREFLIGHT', updated_at = now()
				WHERE id = ? AND state IN ('PENDING', 'PREFLIGHT')""").param(migrationId).update();
		if (claimed == 0) {
			return null;
		}
		this.jdbc.sql("""
				INSERT INTO preflight (migration_id, started_at) VALUES (?, now())
				ON CONFLICT (migration_id) DO UPDATE SET started_at = now(), finished_at = NULL, outcome = NULL,
				  checks = '[]', folders = NULL, messages = NULL, bytes = NULL, largest_message = NULL,
				  estimated_seconds = NULL""").param(migrationId).update();
		MigrationRequest request = this.passes.describe(migrationId, 1, Instant.now());
		boolean mustBeEmpty = this.jdbc.sql("""
				SELECT p.destination_must_be_empty FROM plan p JOIN migration m ON m.plan_id = p.id WHERE m.id = ?""")
			.param(migrationId)
			.query(Boolean.class)
			.single();
		return new Account(request.source(), request.sourceCredentials().open(this.cipher), request.destination(),
				request.destinationCredentials().open(this.cipher), request.options(), mustBeEmpty);
	}

	/**
	 * Records the result and moves the migration on. The plan row is locked first, as
	 * {@code POST /plans/{id}/start} does, so that a start never misses a migration passing meanwhile.
	 */
	private void apply(UUID migrationId, PreflightResult result) {
		boolean started = this.jdbc.sql("""
				SELECT p.started FROM plan p WHERE p.id = (SELECT plan_id FROM migration WHERE id = ?) FOR SHARE""")
			.param(migrationId)
			.query(Boolean.class)
			.single();
		String state = this.jdbc.sql("SELECT state FROM migration WHERE id = ? FOR UPDATE")
			.param(migrationId)
			.query(String.class)
			.single();
		Content content = result.content();
		this.jdbc.sql("""
				UPDATE preflight SET finished_at = now(), outcome = ?, checks = ?, folders = ?, messages = ?, bytes = ?,
				  largest_message = ?, estimated_seconds = ? WHERE migration_id = ?""")
			.params(result.outcome(), Json.mapper().writeValueAsString(result.checks()),
					content == null ? null : content.folders(), content == null ? null : content.messages(),
					content == null ? null : content.bytes(), content == null ? null : content.largestMessage(),
					content == null ? null : content.estimatedDuration().toSeconds(), migrationId)
			.update();
		if (!"PREFLIGHT".equals(state)) {
			log.info("Pre-flight of migration {} ended {} but the migration is {} now: left as it is", migrationId,
					result.outcome(), state);
			return;
		}
		if (result.failed()) {
			this.jdbc.sql("""
					UPDATE migration SET state = 'FAILED', error_type = ?, error_detail = ?, updated_at = now()
					WHERE id = ?""").params(result.failureType(), result.failureDetail(), migrationId).update();
			log.warn("Pre-flight of migration {} failed ({}): {}", migrationId, result.failureType(),
					result.failureDetail());
			return;
		}
		this.jdbc.sql("""
				UPDATE migration SET state = 'READY', error_type = NULL, error_detail = NULL, updated_at = now()
				WHERE id = ?""").param(migrationId).update();
		if (started) {
			this.passes.request(migrationId, 1, false);
		}
		log.info("Pre-flight of migration {} {}: {}", migrationId, result.outcome().toLowerCase(java.util.Locale.ROOT),
				started ? "queued" : "READY until its plan starts");
	}

	@Override
	public void destroy() {
		this.pool.shutdown();
	}

}
