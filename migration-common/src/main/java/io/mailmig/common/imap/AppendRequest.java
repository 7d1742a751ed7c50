package io.mailmig.common.imap;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One message to APPEND (RFC 3501 §6.3.11).
 *
 * @param flags system flags and keywords to set ({@code \Recent} is ignored)
 * @param internalDate the INTERNALDATE to give it
 * @param content the raw RFC 822 bytes
 */
public record AppendRequest(Set<String> flags, Instant internalDate, MessageContent content) {

	public AppendRequest {
		flags = Set.copyOf(flags);
		Objects.requireNonNull(internalDate, "internalDate");
		Objects.requireNonNull(content, "content");
	}

}
