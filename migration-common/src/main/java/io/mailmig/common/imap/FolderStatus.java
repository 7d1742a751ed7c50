package io.mailmig.common.imap;

/**
 * STATUS of a mailbox (RFC 3501 §6.3.10; HIGHESTMODSEQ from RFC 7162 §3.1.2.1).
 *
 * @param messages number of messages
 * @param uidNext the next UID the server will assign
 * @param uidValidity the UIDVALIDITY, a non-zero unsigned 32-bit integer
 * @param highestModSeq the HIGHESTMODSEQ, or 0 when the server has no CONDSTORE
 * @param size the total size of the messages (STATUS=SIZE, RFC 8438), or -1 when the server does not say
 */
public record FolderStatus(long messages, long uidNext, long uidValidity, long highestModSeq, long size) {

	public FolderStatus(long messages, long uidNext, long uidValidity, long highestModSeq) {
		this(messages, uidNext, uidValidity, highestModSeq, -1);
	}

	public FolderStatus {
		if (uidValidity <= 0 || uidValidity > 0xFFFF_FFFFL) {
			throw new IllegalArgumentException("UIDVALIDITY must be a non-zero unsigned 32-bit integer, was " + uidValidity);
		}
	}

}
