package io.mailmig.worker.connection;

import io.mailmig.common.imap.ImapConnector;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;

/**
 * The worker's {@link ImapConnector}: every session it opens holds a {@link ConnectionSlot} of its
 * server, so that the connections of all workers to one server stay within
 * {@code mailmig.worker.max-connections-per-server}.
 */
public class LimitedImapConnector implements ImapConnector {

	private final ImapConnector delegate;

	private final ConnectionSlots slots;

	public LimitedImapConnector(ImapConnector delegate, ConnectionSlots slots) {
		this.delegate = delegate;
		this.slots = slots;
	}

	public ConnectionSlots slots() {
		return this.slots;
	}

	/**
	 * Waits for a slot of the endpoint's server, then opens a session that gives the slot back when it is
	 * closed (or at once if it cannot be opened).
	 * @throws ConnectionSlotTimeoutException when no slot became free within {@code connection-wait}
	 */
	@Override
	public ImapSession open(ImapEndpoint endpoint, Credentials credentials) {
		ConnectionSlot slot = this.slots.acquire(endpoint.address());
		try {
			return new SlotSession(this.delegate.open(endpoint, credentials), slot);
		}
		catch (RuntimeException | Error ex) {
			slot.close();
			throw ex;
		}
	}

	/**
	 * Opens a session in a slot the caller holds (and releases itself): closing the session keeps the
	 * slot, so a connection lost can be opened again without waiting.
	 */
	public ImapSession openIn(ConnectionSlot slot, ImapEndpoint endpoint, Credentials credentials) {
		if (slot.isReleased() || !slot.server().equals(endpoint.address())) {
			throw new IllegalArgumentException("slot " + slot + " is not a slot held for " + endpoint.address());
		}
		return this.delegate.open(endpoint, credentials);
	}

}
