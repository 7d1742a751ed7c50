package io.mailmig.common.imap;

import io.mailmig.common.event.SkipReason;

/** One message cannot be copied (too big, refused, expunged meanwhile): skip it and report why. */
public final class MessageImapException extends ImapException {

	private final SkipReason reason;

	public MessageImapException(SkipReason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	public SkipReason reason() {
		return reason;
	}

}
