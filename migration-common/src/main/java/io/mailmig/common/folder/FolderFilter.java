package io.mailmig.common.folder;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.mailmig.common.imap.SpecialUse;
import io.mailmig.common.model.MigrationOptions;

/**
 * Which source folders a migration copies. A pattern is a folder name as the user sees it (decoded
 * levels joined by {@code /}) and matches that folder and all its children; {@code INBOX} is matched
 * case-insensitively (RFC 3501 §5.1), every other level exactly. A pattern may also name a special-use
 * role, {@code \Junk}, which matches the folder carrying that attribute whatever its language, and its
 * children. A plain pattern that is a role's name ({@code Junk}, {@code trash}...) matches both the
 * folder of that name and the folder of that role, so {@code "excludeFolders": ["Junk"]} does what the
 * user means on a French mailbox too.
 *
 * @param include if not empty, only folders matched by one of these are copied
 * @param exclude folders matched by one of these are not copied (exclusion wins over inclusion)
 */
public record FolderFilter(List<String> include, List<String> exclude) {

	/** Copies everything. */
	public static final FolderFilter ALL = new FolderFilter(List.of(), List.of());

	public FolderFilter {
		include = validated(include, "include");
		exclude = validated(exclude, "exclude");
	}

	/** The filter a migration request asks for. */
	public static FolderFilter of(MigrationOptions options) {
		return new FolderFilter(options.includeFolders(), options.excludeFolders());
	}

	/**
	 * Whether a folder is copied.
	 * @param path the folder's decoded levels
	 * @param roles the special-use roles of the folder and of its ancestors (a child of the Junk folder is
	 * excluded with it)
	 */
	public boolean accepts(List<String> path, Set<SpecialUse> roles) {
		if (!include.isEmpty() && include.stream().noneMatch(p -> matches(p, path, roles))) {
			return false;
		}
		return exclude.stream().noneMatch(p -> matches(p, path, roles));
	}

	static boolean matches(String pattern, List<String> path, Set<SpecialUse> roles) {
		if (pattern.startsWith("\\")) {
			return SpecialUse.fromAttribute(pattern).map(roles::contains).orElse(false);
		}
		if (roleNamed(pattern).map(roles::contains).orElse(false)) {
			return true;
		}
		List<String> levels = Arrays.asList(pattern.split("/", -1));
		if (levels.size() > path.size()) {
			return false;
		}
		for (int i = 0; i < levels.size(); i++) {
			boolean inbox = i == 0 && "INBOX".equalsIgnoreCase(levels.get(0));
			boolean same = inbox ? "INBOX".equalsIgnoreCase(path.get(0)) : levels.get(i).equals(path.get(i));
			if (!same) {
				return false;
			}
		}
		return true;
	}

	private static Optional<SpecialUse> roleNamed(String pattern) {
		return SpecialUse.fromAttribute("\\" + pattern.toUpperCase(Locale.ROOT));
	}

	private static List<String> validated(List<String> patterns, String what) {
		if (patterns == null) {
			return List.of();
		}
		// "Archive/" and "/Archive" mean "Archive"
		List<String> trimmed = patterns.stream()
			.map(p -> p == null ? "" : p.strip().replaceAll("^/+|/+$", ""))
			.toList();
		for (String p : trimmed) {
			if (p.isEmpty() || p.equals("\\")) {
				throw new IllegalArgumentException(what + " folder pattern must not be blank");
			}
			if (p.startsWith("\\") && SpecialUse.fromAttribute(p).isEmpty()) {
				throw new IllegalArgumentException(what + " folder pattern '" + p
						+ "' is not a special-use role (\\Sent, \\Drafts, \\Trash, \\Junk, \\Archive, \\All, \\Flagged)");
			}
		}
		return trimmed;
	}

}
