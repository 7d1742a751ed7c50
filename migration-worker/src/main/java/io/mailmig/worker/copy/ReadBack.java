package io.mailmig.worker.copy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MessageImapException;
import io.mailmig.worker.ledger.LedgerEntry;

/**
 * Reads copied messages back from the destination and compares each one with the source: the proof
 * that a message arrived byte-identical. Small messages are read in windows of one {@code UID FETCH}
 * each and judged against the source bytes the copy still holds ({@link SpooledMessage#sameAs}); a
 * large one is read alone, in ranges that are compared as they come (never held whole here), with the
 * source's bytes when the copy holds them in memory and by SHA-256 when they were spooled to a file.
 */
final class ReadBack {

	private ReadBack() {
	}

	/**
	 * The windows to read {@code entries} in, one round trip each; entries without a destination UID
	 * cannot be read back and are left out.
	 * @param small largest message read in a window with others
	 */
	static List<List<LedgerEntry>> windows(List<LedgerEntry> entries, long small) {
		return FetchWindows.of(entries.stream().filter(e -> e.destinationUid() != null).toList(), LedgerEntry::size,
				small);
	}

	/**
	 * Reads one window back, each message compared with its source bytes, which {@code sources} gives.
	 */
	static List<LedgerEntry> compare(ImapSession destination, String folder, List<LedgerEntry> window,
			Function<LedgerEntry, SpooledMessage> sources) {
		Map<Long, Boolean> outcomes = new HashMap<>();
		if (window.size() == 1) {
			LedgerEntry entry = window.get(0);
			SpooledMessage.Comparison comparison = sources.apply(entry).comparison();
			try {
				destination.fetchRawRanges(folder, entry.destinationUid(), comparison);
				outcomes.put(entry.destinationUid(), comparison.identical());
			}
			catch (MessageImapException ex) {
				// missing at the destination: not identical
			}
		}
		else {
			Map<Long, LedgerEntry> byUid = new HashMap<>();
			window.forEach(e -> byUid.put(e.destinationUid(), e));
			destination.fetchRawAll(folder, window.stream().map(LedgerEntry::destinationUid).toList(),
					(uid, bytes, offset, length) -> outcomes.put(uid,
							sources.apply(byUid.get(uid)).sameAs(bytes, offset, length)));
		}
		List<LedgerEntry> compared = new ArrayList<>(window.size());
		for (LedgerEntry entry : window) {
			compared.add(entry.verified(outcomes.getOrDefault(entry.destinationUid(), false)));
		}
		return compared;
	}

}
