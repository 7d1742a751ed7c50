package io.mailmig.worker.connection;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The right to hold one IMAP connection to one server, taken from {@link ConnectionSlots}. Closing it
 * gives the slot back, once: later calls do nothing.
 */
public final class ConnectionSlot implements AutoCloseable {

	private final ConnectionSlots owner;

	private final String server;

	private final int index;

	private final AtomicBoolean released = new AtomicBoolean();

	ConnectionSlot(ConnectionSlots owner, String server, int index) {
		this.owner = owner;
		this.server = server;
		this.index = index;
	}

	/** The server, {@code host:port} lower-case, as {@link io.mailmig.common.model.ImapEndpoint#address()}. */
	public String server() {
		return this.server;
	}

	/** The slot's number, 0 to the server's limit - 1; -1 when connections to it are not limited. */
	public int index() {
		return this.index;
	}

	public boolean isReleased() {
		return this.released.get();
	}

	@Override
	public void close() {
		if (this.released.compareAndSet(false, true) && this.owner != null) {
			this.owner.release(this);
		}
	}

	@Override
	public String toString() {
		return this.server + "#" + this.index;
	}

}
