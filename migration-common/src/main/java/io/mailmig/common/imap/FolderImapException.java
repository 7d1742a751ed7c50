package io.mailmig.common.imap;

/** One folder cannot go on (gone, UIDVALIDITY changed, refused by the server): fail that folder. */
public final class FolderImapException extends ImapException {

	/** What went wrong with the folder. */
	public enum Reason {

		NONEXISTENT, UIDVALIDITY_CHANGED, CANNOT_CREATE, NOT_PERMITTED

	}

	private final Reason reason;

	private final String folder;

	public FolderImapException(Reason reason, String folder, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.folder = folder;
	}

	public Reason reason() {
		return reason;
	}

	public String folder() {
		return folder;
	}

}
