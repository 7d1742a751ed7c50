package io.mailmig.common.folder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.mailmig.common.imap.MailFolder;
import io.mailmig.common.imap.SpecialUse;

/**
 * Maps the source mailbox's folders onto the destination's (DESIGN §3.3): names are decoded from
 * modified UTF-7, split on the source's hierarchy separator and rebuilt with the destination's.
 * <ul>
 * <li>{@code INBOX} maps to {@code INBOX} whatever its case (RFC 3501 §5.1), and its children stay its
 * children.</li>
 * <li>Special-use folders are matched by attribute, never by name (RFC 6154 §2): the source folder
 * carrying {@code \Sent} goes to the destination folder carrying {@code \Sent}, and its children follow
 * it. When the destination has no folder with that role, the folder keeps its own name and the mapping
 * carries the role so that the worker may create it with {@code CREATE ... USE} (RFC 6154 §3). When
 * several source folders carry the same role, the first in {@link #ORDER} (INBOX, then fewer levels,
 * then the shorter name) is mapped by role and the others keep their names. {@code \All} and
 * {@code \Flagged} folders are virtual views of other folders: copying them would duplicate every
 * message, so they are rejected.</li>
 * <li>Hierarchy-only folders ({@code \Noselect}, {@code \NonExistent}, RFC 3501 §7.2.2, RFC 5258 §3.4)
 * are mapped but not selectable: the worker creates no real folder for them.</li>
 * <li>Subscriptions are kept: a destination folder is subscribed exactly when its source is.</li>
 * <li>Two source folders that would land in the same destination folder are never merged: the folder
 * mapped by role wins over one mapped by name, which wins over a renamed one; the loser is rejected
 * with the reason.</li>
 * </ul>
 * <p>
 * <b>A level that contains the destination's separator.</b> With a {@code .} source and a {@code /}
 * destination, the source level {@code a/b} would become two levels. IMAP defines no escape for the
 * hierarchy separator, and whether a server accepts the separator inside a level cannot be known
 * before trying, so the level is kept whole with the separator replaced by a substitute character
 * ({@code _} by default, a constructor parameter): {@code a/b} becomes {@code a_b}. The mapping says so
 * in {@link FolderMapping#renamed()} and the plan in its notes, so the renaming is reported.
 * <p>
 * Personal-namespace prefixes (RFC 2342, e.g. Courier's {@code INBOX.}) are not translated here.
 */
public final class FolderMapper {

	/**
	 * The order in which source folders claim a role or a destination name: INBOX first, then fewer
	 * levels, then the shorter name, then alphabetical, so the plan does not depend on LIST's order.
	 */
	static final Comparator<List<String>> ORDER = Comparator
		.<List<String>, Boolean>comparing(p -> !(p.size() == 1 && p.get(0).equals("INBOX")))
		.thenComparingInt(List::size)
		.thenComparingInt(p -> String.join("/", p).length())
		.thenComparing(p -> String.join("/", p));

	private static final Set<SpecialUse> VIRTUAL = EnumSet.of(SpecialUse.ALL, SpecialUse.FLAGGED);

	private final FolderFilter filter;

	private final char substitute;

	public FolderMapper() {
		this(FolderFilter.ALL, '_');
	}

	/**
	 * @param filter which source folders to copy
	 * @param substitute replaces the destination's hierarchy separator inside a source level; printable
	 * ASCII, none of the IMAP specials {@code & % * " \}
	 */
	public FolderMapper(FolderFilter filter, char substitute) {
		if (filter == null) {
			throw new IllegalArgumentException("filter must not be null");
		}
		if (substitute < 0x21 || substitute > 0x7e || "&%*\"\\".indexOf(substitute) >= 0) {
			throw new IllegalArgumentException("substitute must be a printable ASCII character other than & % * \" \\, was '"
					+ substitute + "'");
		}
		this.filter = filter;
		this.substitute = substitute;
	}

	/**
	 * @param source the source's folders as LIST returned them
	 * @param sourceSeparator the source's hierarchy separator ({@code 0}: flat), used for folders that do
	 * not carry their own
	 * @param destination the destination's existing folders
	 * @param destinationSeparator the destination's hierarchy separator ({@code 0}: flat)
	 */
	public FolderPlan map(List<MailFolder> source, char sourceSeparator, List<MailFolder> destination,
			char destinationSeparator) {
		if (destinationSeparator == substitute) {
			throw new IllegalArgumentException("the substitute '" + substitute + "' is the destination's separator");
		}
		List<FolderPlan.Rejected> rejected = new ArrayList<>();
		List<String> excluded = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		List<Source> sources = decodeSources(source, sourceSeparator, rejected);
		Destination dest = Destination.of(destination, destinationSeparator);
		Map<List<String>, List<String>> byRole = new HashMap<>();
		Map<List<String>, SpecialUse> roleOf = roleFolders(sources, dest, byRole, notes);

		List<Candidate> candidates = new ArrayList<>();
		for (Source s : sources) {
			if (!filter.accepts(s.path, rolesOfSelfAndAncestors(s.path, sources))) {
				excluded.add(s.displayName());
				continue;
			}
			Optional<SpecialUse> virtual = s.roles.stream().filter(VIRTUAL::contains).findFirst();
			if (virtual.isPresent()) {
				rejected.add(new FolderPlan.Rejected(s.folder, s.displayName(), "virtual folder ("
						+ virtual.get().attribute() + "): it shows messages of other folders, copying it would duplicate them"));
				continue;
			}
			Candidate c = translate(s, byRole, roleOf, destinationSeparator, rejected);
			if (c != null) {
				candidates.add(c);
			}
		}
		List<FolderMapping> mappings = resolveCollisions(candidates, dest, rejected, notes);
		return new FolderPlan(mappings, rejected, excluded, notes);
	}

	private List<Source> decodeSources(List<MailFolder> folders, char separator, List<FolderPlan.Rejected> rejected) {
		List<Source> sources = new ArrayList<>();
		for (MailFolder f : folders) {
			try {
				sources.add(new Source(f, decodedPath(f, separator)));
			}
			catch (IllegalArgumentException ex) {
				rejected.add(new FolderPlan.Rejected(f, f.name(), ex.getMessage()));
			}
		}
		sources.sort(Comparator.comparing(s -> s.path, ORDER));
		return sources;
	}

	/**
	 * Chooses the source folder that claims each role and, when the destination has that role too,
	 * records the prefix translation its children follow.
	 */
	private Map<List<String>, SpecialUse> roleFolders(List<Source> sources, Destination dest,
			Map<List<String>, List<String>> byRole, List<String> notes) {
		Map<List<String>, SpecialUse> roleOf = new HashMap<>();
		Map<SpecialUse, Source> claimed = new EnumMap<>(SpecialUse.class);
		for (Source s : sources) {
			Optional<SpecialUse> role = s.roles.stream().filter(r -> !VIRTUAL.contains(r)).findFirst();
			if (role.isEmpty() || s.path.get(0).equals("INBOX") && s.path.size() == 1) {
				continue;
			}
			Source first = claimed.putIfAbsent(role.get(), s);
			if (first != null) {
				notes.add("'" + s.displayName() + "' also carries " + role.get().attribute() + " (like '"
						+ first.displayName() + "'): it keeps its name");
				continue;
			}
			roleOf.put(s.path, role.get());
			List<String> target = dest.byRole.get(role.get());
			if (target != null) {
				byRole.put(s.path, target);
			}
			else {
				notes.add("the destination has no " + role.get().attribute() + " folder: '" + s.displayName()
						+ "' is created under its own name");
			}
		}
		return roleOf;
	}

	private Candidate translate(Source s, Map<List<String>, List<String>> byRole, Map<List<String>, SpecialUse> roleOf,
			char separator, List<FolderPlan.Rejected> rejected) {
		List<String> prefix = List.of();
		List<String> target = List.of();
		for (Map.Entry<List<String>, List<String>> e : byRole.entrySet()) {
			if (startsWith(s.path, e.getKey()) && e.getKey().size() > prefix.size()) {
				prefix = e.getKey();
				target = e.getValue();
			}
		}
		List<String> path = new ArrayList<>(target);
		List<String> renamedLevels = new ArrayList<>();
		for (String level : s.path.subList(prefix.size(), s.path.size())) {
			if (separator != 0 && level.indexOf(separator) >= 0) {
				String kept = level.replace(separator, substitute);
				renamedLevels.add("'" + level + "' became '" + kept + "'");
				level = kept;
			}
			path.add(level);
		}
		if (separator == 0 && path.size() > 1) {
			rejected.add(new FolderPlan.Rejected(s.folder, s.displayName(),
					"the destination has no hierarchy separator, sub-folders cannot be created"));
			return null;
		}
		String renamed = renamedLevels.isEmpty() ? null
				: "the destination uses '" + separator + "' between levels: " + String.join(", ", renamedLevels);
		int rank = !prefix.isEmpty() ? 0 : (renamed == null ? 1 : 2);
		return new Candidate(s, path, Optional.ofNullable(roleOf.get(s.path)), renamed, rank, separator);
	}

	private static List<FolderMapping> resolveCollisions(List<Candidate> candidates, Destination dest,
			List<FolderPlan.Rejected> rejected, List<String> notes) {
		List<Candidate> byPriority = new ArrayList<>(candidates);
		byPriority.sort(Comparator.<Candidate, Boolean>comparing(c -> !c.source.folder.selectable())
			.thenComparingInt(c -> c.rank));
		Map<List<String>, Candidate> winners = new LinkedHashMap<>();
		for (Candidate c : byPriority) {
			Candidate winner = winners.putIfAbsent(c.path, c);
			if (winner != null) {
				rejected.add(new FolderPlan.Rejected(c.source.folder, c.source.displayName(),
						"would be copied into '" + String.join("/", c.path) + "', where '" + winner.source.displayName()
								+ "' goes already: folders are never merged"));
			}
		}
		List<FolderMapping> mappings = new ArrayList<>();
		for (Candidate c : candidates) {
			if (winners.get(c.path) == c) {
				mappings.add(c.toMapping(dest.selectable.contains(c.path)));
				if (c.renamed != null) {
					notes.add("'" + c.source.displayName() + "' is copied to '" + String.join("/", c.path) + "': "
							+ c.renamed);
				}
			}
		}
		return mappings;
	}

	private static Set<SpecialUse> rolesOfSelfAndAncestors(List<String> path, List<Source> sources) {
		Set<SpecialUse> roles = EnumSet.noneOf(SpecialUse.class);
		for (Source s : sources) {
			if (startsWith(path, s.path)) {
				roles.addAll(s.roles);
			}
		}
		return roles;
	}

	/**
	 * The decoded levels of a folder's name, {@code INBOX} in upper case.
	 * @throws IllegalArgumentException when a level is not valid modified UTF-7
	 */
	static List<String> decodedPath(MailFolder folder, char defaultSeparator) {
		char separator = folder.separator() != 0 ? folder.separator() : defaultSeparator;
		// splitting the wire name is safe: the separator is printable ASCII and so never appears inside a
		// modified base64 run (RFC 3501 §5.1.3)
		String[] wire = separator == 0 ? new String[] { folder.name() }
				: folder.name().split(Pattern.quote(String.valueOf(separator)), -1);
		List<String> path = new ArrayList<>(Arrays.asList(wire));
		path.replaceAll(ModifiedUtf7::decode);
		if (path.get(0).equalsIgnoreCase("INBOX")) {
			path.set(0, "INBOX");
		}
		return List.copyOf(path);
	}

	private static boolean startsWith(List<String> path, List<String> prefix) {
		return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
	}

	private static Set<SpecialUse> rolesOf(MailFolder folder) {
		Set<SpecialUse> roles = EnumSet.noneOf(SpecialUse.class);
		folder.attributes().forEach(a -> SpecialUse.fromAttribute(a).ifPresent(roles::add));
		return roles;
	}

	private record Source(MailFolder folder, List<String> path, Set<SpecialUse> roles) {

		Source(MailFolder folder, List<String> path) {
			this(folder, path, rolesOf(folder));
		}

		String displayName() {
			return String.join("/", path);
		}

	}

	private record Candidate(Source source, List<String> path, Optional<SpecialUse> role, String renamed, int rank,
			char separator) {

		FolderMapping toMapping(boolean exists) {
			String name = String.join(separator == 0 ? "" : String.valueOf(separator),
					path.stream().map(ModifiedUtf7::encode).toList());
			return new FolderMapping(source.folder, source.path, name, path, role, source.folder.selectable(), exists,
					source.folder.subscribed(), renamed);
		}

	}

	/** What the destination already has: its selectable folders and the folder of each role. */
	private record Destination(Set<List<String>> selectable, Map<SpecialUse, List<String>> byRole) {

		static Destination of(List<MailFolder> folders, char separator) {
			List<Source> decoded = new ArrayList<>();
			for (MailFolder f : folders) {
				try {
					decoded.add(new Source(f, decodedPath(f, separator)));
				}
				catch (IllegalArgumentException ex) {
					// a name we cannot decode cannot be the target of a mapping either
				}
			}
			decoded.sort(Comparator.comparing(Source::path, ORDER));
			Set<List<String>> selectable = new java.util.HashSet<>();
			Map<SpecialUse, List<String>> byRole = new EnumMap<>(SpecialUse.class);
			for (Source s : decoded) {
				if (s.folder.selectable()) {
					selectable.add(s.path);
					s.roles.forEach(r -> byRole.putIfAbsent(r, s.path));
				}
			}
			return new Destination(selectable, byRole);
		}

	}

}
