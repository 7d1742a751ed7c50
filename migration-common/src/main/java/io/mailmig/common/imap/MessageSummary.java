package io.mailmig.common.imap;

import java.time.Instant;
import java.util.Set;

/**
 * What UID FETCH (UID FLAGS INTERNALDATE RFC822.SIZE) says of one message.
 *
 * @param uid the message UID
 * @param size RFC822.SIZE in bytes
 * @param flags system flags ({@code \Seen}...) and keywords ({@code $Forwarded}...), without
 * {@code \Recent}
 * @param internalDate the INTERNALDATE
 */
public record MessageSummary(long uid, long size, Set<String> flags, Instant internalDate) {

	public MessageSummary {
		if (uid <= 0 || uid > 0xFFFF_FFFFL) {
			throw new IllegalArgumentException("UID must be a non-zero unsigned 32-bit integer, was " + uid);
		}
		flags = Set.copyOf(flags);
	}

}
