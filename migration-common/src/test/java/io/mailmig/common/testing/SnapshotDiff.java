package io.mailmig.common.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.mailmig.common.testing.MailboxSnapshot.FolderSnapshot;
import io.mailmig.common.testing.MailboxSnapshot.MessageSnapshot;

/** The comparison behind {@link MailboxSnapshot#diff}, folder by folder then message by message. */
final class SnapshotDiff {

	private final MailboxSnapshot source;

	private final MailboxSnapshot destination;

	private final Map<String, String> pairs = new LinkedHashMap<>();

	private final List<String> differences = new ArrayList<>();

	SnapshotDiff(MailboxSnapshot source, MailboxSnapshot destination, FolderNameTranslation translation) {
		this.source = source;
		this.destination = destination;
		source.folders().keySet().forEach(name -> pairs.put(name, translation.destinationName(name, source, destination)));
	}

	List<String> differences() {
		Set<String> matched = new HashSet<>();
		pairs.forEach((from, to) -> {
			matched.add(to);
			compareFolder(source.folders().get(from), destination.folders().get(to), to);
		});
		destination.folders().values().stream()
			.filter(d -> d.selectable() && !matched.contains(d.name()))
			.forEach(d -> differences.add("extra folder at destination: " + d.name() + " (" + d.messages().size()
					+ " messages)"));
		compareSubscriptions();
		return List.copyOf(differences);
	}

	private void compareFolder(FolderSnapshot from, FolderSnapshot to, String toName) {
		String label = from.name().equals(toName) ? from.name() : from.name() + " -> " + toName;
		if (to == null) {
			differences.add(from.selectable()
					? "missing folder at destination: " + label + " (" + from.messages().size() + " messages)"
					: label + ": hierarchy-only (\\Noselect) at source, absent at destination");
			return;
		}
		if (from.selectable() != to.selectable()) {
			differences.add(label + (from.selectable() ? ": a real folder at source, hierarchy-only at destination"
					: ": hierarchy-only (\\Noselect) at source, a real folder at destination"));
		}
		if (!from.specialUse().equals(to.specialUse())) {
			differences.add(label + ": special-use " + from.specialUse() + " at source, " + to.specialUse()
					+ " at destination");
		}
		compareMessages(label, from.messages(), to.messages());
	}

	private void compareMessages(String label, List<MessageSnapshot> from, List<MessageSnapshot> to) {
		Map<String, List<MessageSnapshot>> bySource = byDigest(from);
		Map<String, List<MessageSnapshot>> byDestination = byDigest(to);
		Set<String> digests = new TreeSet<>(bySource.keySet());
		digests.addAll(byDestination.keySet());
		for (String digest : digests) {
			List<MessageSnapshot> s = new ArrayList<>(bySource.getOrDefault(digest, List.of()));
			List<MessageSnapshot> d = new ArrayList<>(byDestination.getOrDefault(digest, List.of()));
			if (d.isEmpty()) {
				s.forEach(m -> differences.add(label + ": missing at destination: " + m));
				continue;
			}
			if (s.isEmpty()) {
				d.forEach(m -> differences.add(label + ": extra at destination: " + m));
				continue;
			}
			if (s.size() != d.size()) {
				differences.add(label + ": " + s.get(0).shortId() + ": " + s.size() + " cop" + (s.size() == 1 ? "y" : "ies")
						+ " at source, " + d.size() + " at destination");
			}
			// pair identical copies first, then compare what is left in order
			for (MessageSnapshot m : List.copyOf(s)) {
				if (d.remove(m)) {
					s.remove(m);
				}
			}
			for (int i = 0; i < Math.min(s.size(), d.size()); i++) {
				MessageSnapshot a = s.get(i);
				MessageSnapshot b = d.get(i);
				if (!a.flags().equals(b.flags())) {
					differences.add(label + ": " + a.shortId() + ": flags " + a.flags() + " at source, " + b.flags()
							+ " at destination");
				}
				if (!Objects.equals(a.internalDate(), b.internalDate())) {
					differences.add(label + ": " + a.shortId() + ": INTERNALDATE " + a.internalDate() + " at source, "
							+ b.internalDate() + " at destination");
				}
			}
		}
	}

	private void compareSubscriptions() {
		Set<String> expected = new TreeSet<>();
		source.subscriptions().forEach(name -> expected.add(pairs.getOrDefault(name, name)));
		for (String name : expected) {
			if (!destination.subscriptions().contains(name)) {
				differences.add(name + ": subscribed at source, not at destination");
			}
		}
		for (String name : destination.subscriptions()) {
			if (!expected.contains(name)) {
				differences.add(name + ": subscribed at destination, not at source");
			}
		}
	}

	private static Map<String, List<MessageSnapshot>> byDigest(List<MessageSnapshot> messages) {
		Map<String, List<MessageSnapshot>> map = new TreeMap<>();
		messages.forEach(m -> map.computeIfAbsent(m.sha256(), k -> new ArrayList<>()).add(m));
		return map;
	}

}
