package io.mailmig.common.imap;

import java.time.Duration;

/**
 * Timeouts for every IMAP network call. Angus Mail defaults each of them to infinite, so they are
 * always set.
 *
 * @param connect TCP connect (and TLS handshake) timeout
 * @param read how long a read may block waiting for the server
 * @param write how long a write may block
 */
public record ImapTimeouts(Duration connect, Duration read, Duration write) {

	public static final ImapTimeouts DEFAULTS = new ImapTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(120),
			Duration.ofSeconds(120));

	public ImapTimeouts {
		for (Duration d : new Duration[] { connect, read, write }) {
			if (d == null || d.isNegative() || d.isZero()) {
				throw new IllegalArgumentException("IMAP timeouts must be positive");
			}
		}
	}

}
