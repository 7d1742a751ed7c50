package io.mailmig.common.imap;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A mailbox as LIST shows it.
 *
 * @param name the full name on the wire (modified UTF-7, RFC 3501 §5.1.3), levels joined by
 * {@code separator}
 * @param separator the hierarchy delimiter, or {@code 0} when the server has none (flat namespace)
 * @param attributes LIST attributes as sent, e.g. {@code \Noselect}, {@code \HasChildren}, {@code \Sent}
 * @param subscribed whether the mailbox is subscribed (LSUB or {@code \Subscribed})
 */
public record MailFolder(String name, char separator, Set<String> attributes, boolean subscribed) {

	public MailFolder {
		if (name == null || name.isEmpty()) {
			throw new IllegalArgumentException("folder name must not be empty");
		}
		attributes = Set.copyOf(attributes);
	}

	/** False for hierarchy-only folders ({@code \Noselect}, {@code \NonExistent}, RFC 3501 §7.2.2). */
	public boolean selectable() {
		return !hasAttribute("\\Noselect") && !hasAttribute("\\NonExistent");
	}

	public boolean isInbox() {
		return "INBOX".equalsIgnoreCase(name);
	}

	public Optional<SpecialUse> specialUse() {
		return attributes.stream()
			.map(SpecialUse::fromAttribute)
			.flatMap(Optional::stream)
			.findFirst();
	}

	public boolean hasAttribute(String attribute) {
		String wanted = attribute.toLowerCase(Locale.ROOT);
		return attributes.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(wanted));
	}

}
