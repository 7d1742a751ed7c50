package io.mailmig.worker.job;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.mailmig.common.imap.ImapSession;
import io.mailmig.worker.connection.ConnectionSlot;
import io.mailmig.worker.connection.ConnectionSlotTimeoutException;
import io.mailmig.worker.connection.ConnectionSlots;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * The logged-in connection pairs of running passes that no step uses right now. Discovery hands its pair
 * to the first copy partition, a partition that ends hands its pair to the next one and to verification:
 * a pass logs in about {@code folder-concurrency} times per side, not once per folder and step. The pairs
 * keep their connection slots while idle; they are closed when the pass's job execution ends.
 */
@Component
public class IdleConnections implements JobExecutionListener {

	/** How long a wait for new slots lasts before looking at the idle pairs again. */
	private static final Duration SLICE = Duration.ofMillis(200);

	private final Map<Long, Deque<Pair>> idle = new HashMap<>();

	/** An idle pair of the job execution, if any. */
	public synchronized Optional<Pair> take(long jobExecutionId) {
		Deque<Pair> pairs = this.idle.get(jobExecutionId);
		return Optional.ofNullable(pairs == null ? null : pairs.poll());
	}

	/**
	 * The slots of a source and a destination connection for a step of the pass: an idle pair of the job
	 * execution (its sessions may be reused), else new slots. While it waits for new slots it keeps
	 * looking for an idle pair, since its own pass may hand one back meanwhile: idle pairs never make
	 * their own pass wait.
	 * @throws io.mailmig.worker.connection.ConnectionSlotTimeoutException after {@code connection-wait}
	 */
	public Pair takeOrAcquire(long jobExecutionId, ConnectionSlots slots, List<String> servers, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		while (true) {
			Optional<Pair> pair = take(jobExecutionId);
			if (pair.isPresent()) {
				return pair.get();
			}
			long left = deadline - System.nanoTime();
			try {
				return new Pair(slots.acquireAll(servers, Duration.ofNanos(Math.max(0, Math.min(left, SLICE.toNanos())))),
						null, null);
			}
			catch (ConnectionSlotTimeoutException ex) {
				if (System.nanoTime() >= deadline) {
					throw ex;
				}
			}
		}
	}

	/** Keeps a pair for the next step of the job execution. */
	public synchronized void give(long jobExecutionId, Pair pair) {
		this.idle.computeIfAbsent(jobExecutionId, id -> new ArrayDeque<>()).push(pair);
	}

	/** The pass is over: its connections are logged out and their slots freed. */
	@Override
	public void afterJob(JobExecution jobExecution) {
		Deque<Pair> pairs;
		synchronized (this) {
			pairs = this.idle.remove(jobExecution.getId());
		}
		if (pairs != null) {
			pairs.forEach(Pair::close);
		}
	}

	/**
	 * Source and destination slots ({@code [source, destination]}) and their sessions, each possibly
	 * null or disconnected (opened again in its slot by whoever takes the pair).
	 */
	public record Pair(List<ConnectionSlot> slots, ImapSession source, ImapSession destination) {

		void close() {
			try {
				// each LOGOUT waits for its reply: both at once
				io.mailmig.common.imap.BothSides.perform(() -> closeQuietly(this.source),
						() -> closeQuietly(this.destination));
			}
			finally {
				this.slots.forEach(ConnectionSlot::close);
			}
		}

		private static void closeQuietly(ImapSession session) {
			if (session == null) {
				return;
			}
			try {
				session.close();
			}
			catch (RuntimeException ex) {
				// dropped anyway
			}
		}

	}

}
