package io.mailmig.worker.connection;

/**
 * No connection slot for a server became free within {@code mailmig.worker.connection-wait}. Transient:
 * the pass is put back in the queue and runs again later, without using up one of its attempts. Not
 * retried in place (waiting again at once would only make the wait longer).
 */
public class ConnectionSlotTimeoutException extends RuntimeException {

	public ConnectionSlotTimeoutException(String message) {
		super(message);
	}

}
