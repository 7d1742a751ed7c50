package io.mailmig.worker.copy;

import io.mailmig.common.imap.ImapConnector;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.worker.job.PassContext;

import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * The source and destination connections of one folder partition, opened on first use and opened
 * again after a transient failure ({@link #resetSource()}, {@link #resetDestination()}).
 */
final class PartitionSessions implements ItemStream, AutoCloseable {

	private final ImapConnector connector;

	private final PassContext pass;

	private ImapSession source;

	private ImapSession destination;

	PartitionSessions(ImapConnector connector, PassContext pass) {
		this.connector = connector;
		this.pass = pass;
	}

	ImapSession source() {
		if (this.source == null || !this.source.isConnected()) {
			resetSource();
			this.source = this.connector.open(this.pass.request().source(), this.pass.source());
		}
		return this.source;
	}

	ImapSession destination() {
		if (this.destination == null || !this.destination.isConnected()) {
			resetDestination();
			this.destination = this.connector.open(this.pass.request().destination(), this.pass.destination());
		}
		return this.destination;
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

	@Override
	public void close() {
		resetSource();
		resetDestination();
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
