package io.mailmig.worker.ledger;

/**
 * One copied message.
 *
 * @param sourceUid source UID
 * @param destinationUid destination UID (from APPENDUID or recovery), or null when the server did not
 * tell
 * @param size bytes
 * @param sha256 digest of the raw message
 * @param verified read back from the destination and found identical (true), different or missing
 * (false), or not read back (null)
 */
public record LedgerEntry(long sourceUid, Long destinationUid, long size, byte[] sha256, Boolean verified) {

	/** An entry not read back yet. */
	public LedgerEntry(long sourceUid, Long destinationUid, long size, byte[] sha256) {
		this(sourceUid, destinationUid, size, sha256, null);
	}

	/** The same entry, with the outcome of its read-back. */
	public LedgerEntry verified(boolean identical) {
		return new LedgerEntry(this.sourceUid, this.destinationUid, this.size, this.sha256, identical);
	}

}
