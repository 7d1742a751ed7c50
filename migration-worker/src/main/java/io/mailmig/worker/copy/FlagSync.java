package io.mailmig.worker.copy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.mailmig.common.imap.ImapException;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MessageSummary;
import io.mailmig.common.imap.TransientImapException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries flag changes made at the source to messages already copied (read, answered, flagged,
 * keywords), so an incremental pass leaves the destination as the user left the source. One listing
 * of the destination folder, then one {@code UID STORE} per distinct flag set. Messages deleted at the
 * source are not touched (DESIGN §3 rule 4).
 */
final class FlagSync {

	private static final Logger log = LoggerFactory.getLogger(FlagSync.class);

	private FlagSync() {
	}

	/**
	 * @param source the source messages, as listed
	 * @param copied source UID → destination UID, from the ledger
	 * @return how many destination messages had their flags changed
	 */
	static int apply(List<MessageSummary> source, Map<Long, Long> copied, ImapSession destination,
			String destinationFolder) {
		if (copied.isEmpty()) {
			return 0;
		}
		Map<Long, Set<String>> destinationFlags = new HashMap<>();
		for (MessageSummary m : destination.listMessages(destinationFolder, 1, Long.MAX_VALUE)) {
			destinationFlags.put(m.uid(), m.flags());
		}
		Map<Set<String>, List<Long>> changes = new HashMap<>();
		for (MessageSummary m : source) {
			Long destinationUid = copied.get(m.uid());
			Set<String> current = destinationUid == null ? null : destinationFlags.get(destinationUid);
			if (current != null && !normalized(current).equals(normalized(m.flags()))) {
				changes.computeIfAbsent(Set.copyOf(m.flags()), f -> new ArrayList<>()).add(destinationUid);
			}
		}
		int changed = 0;
		for (Map.Entry<Set<String>, List<Long>> change : changes.entrySet()) {
			try {
				destination.replaceFlags(destinationFolder, change.getValue(), change.getKey());
				changed += change.getValue().size();
			}
			catch (TransientImapException ex) {
				throw ex;
			}
			catch (ImapException ex) {
				// a keyword the destination cannot keep must not stop the copy: reported, not fatal
				log.warn("Flags {} could not be set on {} messages of {}: {}", change.getKey(), change.getValue().size(),
						destinationFolder, ex.getMessage());
			}
		}
		if (changed > 0) {
			log.info("Flags of {} already copied messages of {} updated from the source", changed, destinationFolder);
		}
		return changed;
	}

	/** Flag names are case-insensitive (RFC 3501 §2.3.2); {@code \Recent} is the server's, not ours. */
	private static Set<String> normalized(Set<String> flags) {
		return flags.stream()
			.map(f -> f.toLowerCase(Locale.ROOT))
			.filter(f -> !f.equals("\\recent"))
			.collect(Collectors.toCollection(TreeSet::new));
	}

}
