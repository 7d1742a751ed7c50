package io.mailmig.worker.job;

import java.util.List;
import java.util.function.Supplier;

import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MailboxImapException;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.worker.connection.ConnectionSlot;
import io.mailmig.worker.connection.LimitedImapConnector;

import org.springframework.stereotype.Component;

/**
 * Opens the IMAP sessions of a pass, retrying transient connection failures. Every session holds a
 * connection slot of its server (ADR 6).
 */
@Component
public class MailboxConnections {

	private final LimitedImapConnector connector;

	private final Retries retries;

	MailboxConnections(LimitedImapConnector connector, Retries retries) {
		this.connector = connector;
		this.retries = retries;
	}

	/** A destination session; closing it frees its slot. */
	public ImapSession destination(PassContext pass) {
		return open("destination", pass.request().destination(), pass.destination(),
				() -> this.connector.open(pass.request().destination(), pass.destination()));
	}

	/**
	 * Both sessions, for work that needs them at the same time: their two slots are taken together, never
	 * one while waiting for the other (no deadlock with a pass going the other way).
	 */
	public SessionPair both(PassContext pass) {
		ImapEndpoint sourceEndpoint = pass.request().source();
		ImapEndpoint destinationEndpoint = pass.request().destination();
		List<ConnectionSlot> slots = this.connector.slots()
			.acquireAll(List.of(sourceEndpoint.address(), destinationEndpoint.address()));
		ImapSession source = null;
		try {
			source = open("source", sourceEndpoint, pass.source(),
					() -> this.connector.openIn(slots.get(0), sourceEndpoint, pass.source()));
			ImapSession destination = open("destination", destinationEndpoint, pass.destination(),
					() -> this.connector.openIn(slots.get(1), destinationEndpoint, pass.destination()));
			return new SessionPair(source, destination, slots);
		}
		catch (RuntimeException | Error ex) {
			if (source != null) {
				closeQuietly(source);
			}
			slots.forEach(ConnectionSlot::close);
			throw ex;
		}
	}

	/** Opens a session; a refusal says which side and which login, so the user knows what to fix. */
	private ImapSession open(String side, ImapEndpoint endpoint, Credentials credentials, Supplier<ImapSession> open) {
		try {
			return this.retries.retrying(open);
		}
		catch (MailboxImapException ex) {
			throw new MailboxImapException(ex.reason(),
					side + " " + endpoint.address() + " (" + credentials.mailbox() + "): " + ex.getMessage(), ex);
		}
	}

	private static void closeQuietly(ImapSession session) {
		try {
			session.close();
		}
		catch (RuntimeException ex) {
			// dropped anyway
		}
	}

	/** A source and a destination session and their slots: closing it closes both, then frees the slots. */
	public record SessionPair(ImapSession source, ImapSession destination,
			List<ConnectionSlot> slots) implements AutoCloseable {

		@Override
		public void close() {
			try {
				closeQuietly(this.source);
				closeQuietly(this.destination);
			}
			finally {
				this.slots.forEach(ConnectionSlot::close);
			}
		}

	}

}
