package io.mailmig.common.imap;

import java.util.Locale;
import java.util.Optional;

/** Special-use mailbox roles (RFC 6154 §2). */
public enum SpecialUse {

	ALL, ARCHIVE, DRAFTS, FLAGGED, JUNK, SENT, TRASH;

	/** The LIST attribute, e.g. {@code \Sent}. */
	public String attribute() {
		return "\\" + name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
	}

	/** The role named by a LIST attribute such as {@code \Sent} (case-insensitive), if it is one. */
	public static Optional<SpecialUse> fromAttribute(String attribute) {
		if (attribute == null || !attribute.startsWith("\\")) {
			return Optional.empty();
		}
		String name = attribute.substring(1).toUpperCase(Locale.ROOT);
		for (SpecialUse use : values()) {
			if (use.name().equals(name)) {
				return Optional.of(use);
			}
		}
		return Optional.empty();
	}

}
