package io.mailmig.common.imap;

/** The whole mailbox cannot go on (bad credentials, TLS refused, mailbox over quota): stop it. */
public final class MailboxImapException extends ImapException {

	/** What went wrong with the mailbox. */
	public enum Reason {

		AUTHENTICATION, TLS, OVER_QUOTA, UNREACHABLE, PROTOCOL

	}

	private final Reason reason;

	public MailboxImapException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

}
