package io.mailmig.common.imap;

/**
 * Connection lost, timeout, server temporarily unavailable ({@code NO [UNAVAILABLE]}): retry with
 * backoff on a new connection. When it interrupts an APPEND, whether the message was stored is unknown.
 */
public final class TransientImapException extends ImapException {

	public TransientImapException(String message, Throwable cause) {
		super(message, cause);
	}

}
