package io.mailmig.worker.copy;

import java.time.Duration;
import java.util.List;

import io.mailmig.common.imap.ImapSession;
import io.mailmig.worker.connection.ConnectionSlot;
import io.mailmig.worker.job.IdleConnections;
import io.mailmig.worker.connection.LimitedImapConnector;
import io.mailmig.worker.job.PassContext;

import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * The source and destination connections of one folder partition, opened on first use and opened
 * again after a transient failure ({@link #resetSource()}, {@link #resetDestination()}).
 * <p>
 * The partition takes a connection slot of each server at its first use, both at once
 * ({@link io.mailmig.worker.connection.ConnectionSlots#acquireAll}: it never holds one while waiting
 * for the other), and keeps them until it closes: a connection opened again after a failure reuses its
 * slot, so it never waits, and never inside a chunk's transaction (the first use is in the reader's
 * {@code open}, before any chunk).
 */
final class PartitionSessions implements ItemStream, AutoCloseable {

	private final LimitedImapConnector connector;

	private final PassContext pass;

	private final IdleConnections idle;

	private final long jobExecutionId;

	private final Duration connectionWait;

	/** Source and destination slots, held from first use to {@link #close()}. */
	private List<ConnectionSlot> slots;

	private ImapSession source;

	private ImapSession destination;

	PartitionSessions(LimitedImapConnector connector, PassContext pass, IdleConnections idle, long jobExecutionId,
			Duration connectionWait) {
		this.connectionWait = connectionWait;
		this.connector = connector;
		this.pass = pass;
		this.idle = idle;
		this.jobExecutionId = jobExecutionId;
	}

	ImapSession source() {
		slots();
		if (this.source == null || !this.source.isConnected()) {
			resetSource();
			this.source = this.connector.openIn(slots().get(0), this.pass.request().source(), this.pass.source());
		}
		return this.source;
	}

	ImapSession destination() {
		slots();
		if (this.destination == null || !this.destination.isConnected()) {
			resetDestination();
			this.destination = this.connector.openIn(slots().get(1), this.pass.request().destination(),
					this.pass.destination());
		}
		return this.destination;
	}

	private synchronized List<ConnectionSlot> slots() {
		if (this.slots == null) {
			// logged in already by an earlier step of the pass, or new slots
			IdleConnections.Pair pair = this.idle.takeOrAcquire(this.jobExecutionId, this.connector.slots(),
					List.of(this.pass.request().source().address(), this.pass.request().destination().address()),
					this.connectionWait);
			this.source = pair.source();
			this.destination = pair.destination();
			this.slots = pair.slots();
		}
		return this.slots;
	}

	void resetSource() {
		if (this.source != null) {
			closeQuietly(this.source);
			this.source = null;
		}
	}

	void resetDestination() {
		if (this.destination != null) {
			closeQuietly(this.destination);
			this.destination = null;
		}
	}

	/** Hands the connections and their slots to the next step of the pass (closed when the pass ends). */
	@Override
	public synchronized void close() {
		if (this.slots != null) {
			this.idle.give(this.jobExecutionId, new IdleConnections.Pair(this.slots, this.source, this.destination));
			this.slots = null;
			this.source = null;
			this.destination = null;
		}
	}

	private static void closeQuietly(ImapSession session) {
		try {
			session.close();
		}
		catch (RuntimeException ex) {
			// the connection is being dropped anyway
		}
	}

}
