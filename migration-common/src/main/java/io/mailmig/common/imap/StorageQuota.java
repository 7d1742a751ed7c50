package io.mailmig.common.imap;

/**
 * The storage quota of a mailbox's quota root (RFC 2087 §3: the {@code STORAGE} resource, counted in
 * units of 1024 octets on the wire, given here in bytes).
 *
 * @param usedBytes storage in use
 * @param limitBytes storage allowed
 */
public record StorageQuota(long usedBytes, long limitBytes) {

	public StorageQuota {
		if (usedBytes < 0 || limitBytes < 0) {
			throw new IllegalArgumentException("quota usage and limit must not be negative");
		}
	}

	/** What can still be stored, 0 when the mailbox is at or over its limit. */
	public long availableBytes() {
		return Math.max(0, limitBytes - usedBytes);
	}

}
