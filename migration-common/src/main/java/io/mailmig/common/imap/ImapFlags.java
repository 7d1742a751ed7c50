package io.mailmig.common.imap;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.mail.Flags;

/**
 * Flags as the rest of the code sees them: the wire spelling ({@code \Seen}, {@code $Forwarded}).
 * {@code \Recent} is dropped both ways: it is session state no client can set (RFC 3501 §2.3.2).
 */
final class ImapFlags {

	private static final Map<Flags.Flag, String> SYSTEM = Map.of(Flags.Flag.ANSWERED, "\\Answered",
			Flags.Flag.DELETED, "\\Deleted", Flags.Flag.DRAFT, "\\Draft", Flags.Flag.FLAGGED, "\\Flagged",
			Flags.Flag.SEEN, "\\Seen");

	/** RFC 3501 §9: flag-keyword = atom; ATOM-CHAR excludes atom-specials and CTLs. */
	private static final Pattern KEYWORD = Pattern.compile("[^\\\\\\s(){%*\"\\]\\x00-\\x1f\\x7f]+");

	private ImapFlags() {
	}

	static Set<String> names(Flags flags) {
		Set<String> names = new LinkedHashSet<>();
		if (flags == null) {
			return names;
		}
		for (Flags.Flag flag : flags.getSystemFlags()) {
			String name = SYSTEM.get(flag);
			if (name != null) {
				names.add(name);
			}
		}
		names.addAll(Set.of(flags.getUserFlags()));
		return names;
	}

	/**
	 * The APPEND flag list, e.g. {@code (\Seen $Forwarded)}, or empty when there is nothing to set.
	 * Only the five settable system flags and well-formed keywords are sent: anything else would make
	 * the server answer BAD and refuse the message.
	 */
	static Optional<String> flagList(Set<String> names) {
		String list = names.stream()
			.map(ImapFlags::settable)
			.flatMap(Optional::stream)
			.distinct()
			.collect(Collectors.joining(" "));
		return list.isEmpty() ? Optional.empty() : Optional.of("(" + list + ")");
	}

	private static Optional<String> settable(String name) {
		if (name.startsWith("\\")) {
			return SYSTEM.values().stream().filter(name::equalsIgnoreCase).findFirst();
		}
		return KEYWORD.matcher(name).matches() ? Optional.of(name) : Optional.empty();
	}

}
