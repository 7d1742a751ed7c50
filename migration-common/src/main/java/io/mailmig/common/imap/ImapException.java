package io.mailmig.common.imap;

/**
 * An IMAP failure, classified (see {@link ImapFailures}): what to do about it follows from its class.
 * Messages never contain passwords or message content.
 */
public abstract sealed class ImapException extends RuntimeException
		permits TransientImapException, MailboxImapException, FolderImapException, MessageImapException {

	protected ImapException(String message, Throwable cause) {
		super(message, cause);
	}

}
