package io.mailmig.worker.progress;

import java.time.Instant;
import java.util.UUID;

import io.mailmig.common.event.MigrationCompleted;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.event.MigrationStarted;
import io.mailmig.worker.job.MailboxPassJob;
import io.mailmig.worker.launch.PassQueue;
import io.mailmig.worker.system.WorkerProperties;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reports a pass starting and completing. Totals come from the ledger and the skipped-message table,
 * so they hold across restarts. Failures are reported by the launcher, which knows whether the pass will
 * be retried.
 */
@Component
class PassEventsListener implements JobExecutionListener {

	private final PassQueue queue;

	private final EventOutbox outbox;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final JobRepository jobRepository;

	private final WorkerProperties properties;

	PassEventsListener(PassQueue queue, EventOutbox outbox, JdbcTemplate jdbc, TransactionTemplate tx,
			JobRepository jobRepository, WorkerProperties properties) {
		this.queue = queue;
		this.outbox = outbox;
		this.jdbc = jdbc;
		this.tx = tx;
		this.jobRepository = jobRepository;
		this.properties = properties;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		MigrationRequest request = this.queue.request(passKey(jobExecution));
		boolean resumed = this.jobRepository.getJobExecutions(jobExecution.getJobInstance()).size() > 1;
		this.tx.executeWithoutResult(status -> this.outbox.append(new MigrationStarted(UUID.randomUUID(),
				request.migrationId(), request.pass(), Instant.now(),
				request.sourceCredentials().mailbox() + "@" + request.source().address(),
				request.destinationCredentials().mailbox() + "@" + request.destination().address(), resumed,
				this.properties.id())));
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		if (jobExecution.getStatus() != BatchStatus.COMPLETED) {
			return;
		}
		String passKey = passKey(jobExecution);
		MigrationRequest request = this.queue.request(passKey);
		long[] copied = this.jdbc.queryForObject(
				"SELECT count(*), coalesce(sum(size), 0) FROM message_ledger WHERE pass_key = ?",
				(rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }, passKey);
		long skipped = count("SELECT count(*) FROM skipped_message WHERE pass_key = ?", passKey);
		long mismatched = count("SELECT coalesce(sum(mismatched), 0) FROM pass_folder WHERE pass_key = ?", passKey);
		int rejected = jobExecution.getExecutionContext().getInt("discoverFolders.rejected", 0);
		this.tx.executeWithoutResult(status -> this.outbox.append(new MigrationCompleted(UUID.randomUUID(),
				request.migrationId(), request.pass(), Instant.now(), copied[0], copied[1], skipped,
				skipped > 0 || mismatched > 0 || rejected > 0)));
	}

	private long count(String sql, Object... args) {
		Long n = this.jdbc.queryForObject(sql, Long.class, args);
		return n == null ? 0 : n;
	}

	private static String passKey(JobExecution jobExecution) {
		return jobExecution.getJobParameters().getString(MailboxPassJob.PASS);
	}

}
