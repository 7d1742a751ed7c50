package io.mailmig.worker.ledger;

/**
 * One copied message.
 *
 * @param sourceUid source UID
 * @param destinationUid destination UID (from APPENDUID or recovery), or null when the server did not
 * tell
 * @param size bytes
 * @param sha256 digest of the raw message
 */
public record LedgerEntry(long sourceUid, Long destinationUid, long size, byte[] sha256) {
}
