package io.mailmig.worker.launch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.mailmig.common.event.MigrationCancelled;
import io.mailmig.common.event.MigrationFailed;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.worker.job.MailboxPassJob;
import io.mailmig.worker.progress.CopyMetrics;
import io.mailmig.worker.progress.EventOutbox;
import io.mailmig.worker.system.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one claimed pass as a job execution: starts it, or restarts it from its last committed chunk
 * when an earlier execution failed or was left running by a worker that died.
 */
@Component
class PassLauncher {

	private static final Logger log = LoggerFactory.getLogger(PassLauncher.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final PassQueue queue;

	private final EventOutbox outbox;

	private final TransactionTemplate tx;

	private final WorkerProperties properties;

	private final CopyMetrics metrics;

	private final org.springframework.jdbc.core.JdbcTemplate jdbc;

	/** Passes this worker asked Spring Batch to stop (shutdown or cancel) and that have not ended yet. */
	private final java.util.Set<String> stopRequested = java.util.concurrent.ConcurrentHashMap.newKeySet();

	PassLauncher(JobOperator jobOperator, JobRepository jobRepository, Job mailboxPassJob, PassQueue queue,
			EventOutbox outbox, TransactionTemplate tx, WorkerProperties properties, CopyMetrics metrics,
			org.springframework.jdbc.core.JdbcTemplate jdbc) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = mailboxPassJob;
		this.queue = queue;
		this.outbox = outbox;
		this.tx = tx;
		this.properties = properties;
		this.metrics = metrics;
		this.jdbc = jdbc;
	}

	void run(ClaimedPass pass) {
		String owner = this.properties.id();
		long started = System.nanoTime();
		String outcome = "failed";
		try {
			JobExecution execution = launch(pass.passKey());
			if (execution == null || execution.getStatus() == BatchStatus.COMPLETED) {
				this.queue.completed(pass.passKey(), owner);
				outcome = "completed";
				return;
			}
			if (execution.getStatus() != BatchStatus.STOPPED
					&& this.stopRequested.contains(pass.passKey()) && interruptedByStop(execution)) {
				// the stop raced with the partition step's own bookkeeping (Batch then fails the job with an
				// optimistic-locking error): the chunks are committed all the same, so it is a stop
				log.warn("Pass {}: its stop crossed Spring Batch's last update of a step; recorded as stopped",
						pass.passKey());
				// on the repository's copy: the one Batch returned is behind it (the update it failed to save)
				markEnded(this.jobRepository.getJobExecution(execution.getId()), BatchStatus.STOPPED);
				execution.setStatus(BatchStatus.STOPPED);
			}
			if (execution.getStatus() == BatchStatus.STOPPED) {
				if (this.queue.isCancelRequested(pass.passKey())) {
					cancelled(pass);
					outcome = "cancelled";
				}
				else {
					// stopped by this worker's shutdown at a chunk boundary: another worker resumes it
					log.info("Pass {} stopped at a chunk boundary for shutdown; released to the queue", pass.passKey());
					this.queue.release(pass.passKey(), owner);
					outcome = "released";
				}
				return;
			}
			fail(pass, Failures.of(failuresOf(execution)));
		}
		catch (Exception ex) {
			log.error("Pass {} could not be run", pass.passKey(), ex);
			fail(pass, Failures.of(List.of(ex)));
		}
		finally {
			this.stopRequested.remove(pass.passKey());
			this.metrics.passEnded(outcome, java.time.Duration.ofNanos(System.nanoTime() - started));
		}
	}

	/** Failed only because it was interrupted, as asked, or because the stop updated a step under it. */
	private static boolean interruptedByStop(JobExecution execution) {
		List<Throwable> failures = failuresOf(execution);
		return !failures.isEmpty() && failures.stream().allMatch(failure -> {
			for (Throwable t = failure; t != null; t = t.getCause()) {
				if (t instanceof org.springframework.batch.core.job.JobInterruptedException
						|| t instanceof org.springframework.dao.OptimisticLockingFailureException) {
					return true;
				}
			}
			return false;
		});
	}

	/** Stops a running pass at its next chunk boundary (Spring Batch checks between chunks). */
	void stop(String passKey, String why) {
		JobExecution running = this.jobRepository.getLastJobExecution(MailboxPassJob.NAME,
				MailboxPassJob.parameters(passKey));
		if (running != null && running.isRunning() && running.getStatus() != BatchStatus.STOPPING) {
			try {
				log.info("Stopping pass {}: {}", passKey, why);
				this.stopRequested.add(passKey);
				this.jobOperator.stop(running);
			}
			catch (Exception ex) {
				log.warn("Could not stop pass {}: {}", passKey, ex.getMessage());
			}
		}
	}

	private void cancelled(ClaimedPass pass) {
		MigrationRequest request = this.queue.request(pass.passKey());
		Long copied = this.jdbc.queryForObject("SELECT count(*) FROM message_ledger WHERE pass_key = ?", Long.class,
				pass.passKey());
		this.tx.executeWithoutResult(status -> {
			this.queue.cancelled(pass.passKey(), this.properties.id());
			this.outbox.append(new MigrationCancelled(UUID.randomUUID(), request.migrationId(), request.pass(),
					Instant.now(), copied == null ? 0 : copied));
		});
		log.info("Pass {} cancelled at a chunk boundary after {} messages", pass.passKey(), copied);
	}

	private JobExecution launch(String passKey) throws Exception {
		JobParameters parameters = MailboxPassJob.parameters(passKey);
		JobExecution last = this.jobRepository.getLastJobExecution(MailboxPassJob.NAME, parameters);
		if (last == null) {
			log.info("Starting pass {}", passKey);
			return this.jobOperator.start(this.job, parameters);
		}
		if (last.getStatus() == BatchStatus.COMPLETED) {
			log.info("Pass {} already completed", passKey);
			return null;
		}
		if (last.getStatus() == BatchStatus.UNKNOWN) {
			// a worker died while Batch was recording an outcome; Batch refuses to restart UNKNOWN, but the
			// ledger makes a restart safe: what was copied is known
			log.warn("Pass {} was left UNKNOWN; marking it failed to restart it", passKey);
			markEnded(last, BatchStatus.FAILED);
		}
		else if (last.isRunning()) {
			// left STARTED by a worker that died (its lease expired): mark it failed so it can restart
			log.warn("Pass {} was left running by a worker that stopped; recovering it", passKey);
			last = this.jobOperator.recover(last);
		}
		log.info("Restarting pass {} from its last committed chunk", passKey);
		return this.jobOperator.restart(last);
	}

	/**
	 * Records an execution Batch left UNKNOWN or running as ended with {@code status} (FAILED or STOPPED,
	 * both restartable): the ledger and each partition's last committed chunk say where to resume.
	 */
	private void markEnded(JobExecution execution, BatchStatus status) {
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStatus() == BatchStatus.UNKNOWN || step.getStatus().isRunning()) {
				step.setStatus(status);
				step.setEndTime(java.time.LocalDateTime.now());
				this.jobRepository.update(step);
			}
		}
		execution.setStatus(status);
		execution.setEndTime(java.time.LocalDateTime.now());
		this.jobRepository.update(execution);
	}

	private void fail(ClaimedPass pass, Failures failure) {
		String owner = this.properties.id();
		if (failure.busy()) {
			log.info("Pass {} waited too long for a connection ({}); it will be tried again in {}", pass.passKey(),
					failure.detail(), this.properties.passRetryDelay());
			this.queue.postpone(pass.passKey(), owner, this.properties.passRetryDelay(), failure.type(),
					failure.detail());
			return;
		}
		if (failure.transientFailure() && pass.attempts() < this.properties.passAttempts()) {
			log.warn("Pass {} failed ({}: {}); it will be retried in {}", pass.passKey(), failure.type(),
					failure.detail(), this.properties.passRetryDelay());
			this.queue.retryLater(pass.passKey(), owner, this.properties.passRetryDelay(), failure.type(),
					failure.detail());
			return;
		}
		log.error("Pass {} failed: {}: {}", pass.passKey(), failure.type(), failure.detail());
		MigrationRequest request = this.queue.request(pass.passKey());
		this.tx.executeWithoutResult(status -> {
			this.queue.failed(pass.passKey(), owner, failure.type(), failure.detail());
			this.outbox.append(new MigrationFailed(UUID.randomUUID(), request.migrationId(), request.pass(),
					Instant.now(), failure.type(), failure.detail(), failure.transientFailure()));
		});
	}

	private static List<Throwable> failuresOf(JobExecution execution) {
		List<Throwable> failures = new ArrayList<>(execution.getFailureExceptions());
		for (StepExecution step : execution.getStepExecutions()) {
			failures.addAll(step.getFailureExceptions());
		}
		return failures;
	}

}
