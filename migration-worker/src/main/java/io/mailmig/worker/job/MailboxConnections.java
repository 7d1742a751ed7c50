package io.mailmig.worker.job;

import java.util.List;
import java.util.function.Supplier;

import io.mailmig.common.imap.BothSides;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MailboxImapException;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.worker.connection.ConnectionSlot;
import io.mailmig.worker.connection.LimitedImapConnector;
import io.mailmig.worker.system.WorkerProperties;

import org.springframework.stereotype.Component;

/**
 * Opens the IMAP sessions of a pass, retrying transient connection failures. Every session holds a
 * connection slot of its server (ADR 6).
 */
@Component
public class MailboxConnections {

	private final LimitedImapConnector connector;

	private final Retries retries;

	private final IdleConnections idle;

	private final WorkerProperties properties;

	MailboxConnections(LimitedImapConnector connector, Retries retries, IdleConnections idle,
			WorkerProperties properties) {
		this.properties = properties;
		this.connector = connector;
		this.retries = retries;
		this.idle = idle;
	}

	/**
	 * Both sessions of a pass: an idle pair of its job execution when there is one (a session dropped
	 * meanwhile is opened again in its slot), else a new pair in new slots, taken together (never one
	 * while waiting for the other). Hand it back with {@link #release}.
	 */
	public IdleConnections.Pair borrow(PassContext pass, long jobExecutionId) {
		IdleConnections.Pair pair = this.idle.takeOrAcquire(jobExecutionId, this.connector.slots(),
				List.of(pass.request().source().address(), pass.request().destination().address()),
				this.properties.connectionWait());
		ImapSession[] sessions = { usable(pair.source()), usable(pair.destination()) };
		try {
			// both logins at once: each side's round trips need not wait for the other's
			BothSides.perform(() -> {
				if (sessions[0] == null) {
					sessions[0] = reopen("source", pair.slots().get(0), pass.request().source(), pass.source());
				}
			}, () -> {
				if (sessions[1] == null) {
					sessions[1] = reopen(pair.slots().get(1), pass);
				}
			});
			return new IdleConnections.Pair(pair.slots(), sessions[0], sessions[1]);
		}
		catch (RuntimeException | Error ex) {
			// a side that did log in is closed with its slot
			new IdleConnections.Pair(pair.slots(), sessions[0], sessions[1]).close();
			throw ex;
		}
	}

	/** The session if it is still connected; else closed, and null. */
	private static ImapSession usable(ImapSession session) {
		if (session != null && !session.isConnected()) {
			closeQuietly(session);
			return null;
		}
		return session;
	}

	/** Keeps a borrowed pair for the next step of the pass (closed when its job execution ends). */
	public void release(long jobExecutionId, IdleConnections.Pair pair) {
		this.idle.give(jobExecutionId, pair);
	}

	/** A new destination session in the pair's destination slot, after the previous one was lost. */
	private ImapSession reopen(ConnectionSlot slot, PassContext pass) {
		return reopen("destination", slot, pass.request().destination(), pass.destination());
	}

	private ImapSession reopen(String side, ConnectionSlot slot, ImapEndpoint endpoint, Credentials credentials) {
		return open(side, endpoint, credentials, () -> this.connector.openIn(slot, endpoint, credentials));
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

}
