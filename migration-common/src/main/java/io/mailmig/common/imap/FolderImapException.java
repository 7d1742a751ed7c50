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

	/** RFC 9051 §2.3.1.1: a new UIDVALIDITY means the UIDs known before name nothing any more. */
	public static FolderImapException uidValidityChanged(String folder, long expected, long found) {
		return new FolderImapException(Reason.UIDVALIDITY_CHANGED, folder,
				"UIDVALIDITY changed during the pass (" + expected + " -> " + found + ")", null);
	}

	public Reason reason() {
		return reason;
	}

	public String folder() {
		return folder;
	}

}
