package io.mailmig.common.testing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.mailmig.common.imap.SpecialUse;

/**
 * How {@link MailboxSnapshot#diff} pairs a source folder with a destination folder. Names are display
 * names ({@code /} between decoded levels). A translation maps a folder and, by prefix, its children.
 */
@FunctionalInterface
public interface FolderNameTranslation {

	/** The destination folder expected to hold what {@code sourceName} holds. */
	String destinationName(String sourceName, MailboxSnapshot source, MailboxSnapshot destination);

	/** Same names on both sides. */
	static FolderNameTranslation identity() {
		return (name, source, destination) -> name;
	}

	/**
	 * A source folder carrying a special-use role maps to the destination folder carrying the same role,
	 * and its children follow (like verify.py's {@code --map-special-use}); other names stay.
	 */
	static FolderNameTranslation bySpecialUse() {
		return renaming(Map.of());
	}

	/** Explicit renames (a folder and its children) first, then {@link #bySpecialUse()}. */
	static FolderNameTranslation renaming(Map<String, String> renames) {
		return (name, source, destination) -> {
			Map<String, String> prefixes = new HashMap<>(roleMap(source, destination));
			prefixes.putAll(renames);
			List<String> levels = Arrays.asList(name.split("/", -1));
			for (int n = levels.size(); n > 0; n--) {
				String prefix = String.join("/", levels.subList(0, n));
				if (prefixes.containsKey(prefix)) {
					String rest = String.join("/", levels.subList(n, levels.size()));
					return rest.isEmpty() ? prefixes.get(prefix) : prefixes.get(prefix) + "/" + rest;
				}
			}
			return name;
		};
	}

	private static Map<String, String> roleMap(MailboxSnapshot source, MailboxSnapshot destination) {
		Map<String, String> map = new HashMap<>();
		for (SpecialUse role : SpecialUse.values()) {
			source.folderWithRole(role)
				.ifPresent(s -> destination.folderWithRole(role).ifPresent(d -> map.put(s.name(), d.name())));
		}
		return map;
	}

}
