package io.mailmig.worker.copy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MessageImapException;
import io.mailmig.worker.ledger.LedgerEntry;

/**
 * Reads copied messages back from the destination and compares each one's SHA-256 with the one taken
 * from the source bytes: the proof that a message arrived byte-identical. Small messages are read in
 * windows of one {@code UID FETCH} each, a large one alone and streamed (never held whole).
 */
public final class ReadBack {

	private ReadBack() {
	}

	/**
	 * The windows to read {@code entries} in, one round trip each; entries without a destination UID
	 * cannot be read back and are left out.
	 * @param small largest message read in a window with others
	 */
	public static List<List<LedgerEntry>> windows(List<LedgerEntry> entries, long small) {
		return FetchWindows.of(entries.stream().filter(e -> e.destinationUid() != null).toList(), LedgerEntry::size,
				small);
	}

	/**
	 * Reads one window back: its entries, each marked identical or not (a message missing at the
	 * destination is not).
	 */
	public static List<LedgerEntry> compare(ImapSession destination, String folder, List<LedgerEntry> window) {
		Map<Long, byte[]> digests = digestsOf(destination, folder, window);
		List<LedgerEntry> compared = new ArrayList<>(window.size());
		for (LedgerEntry entry : window) {
			compared.add(entry.verified(Arrays.equals(digests.get(entry.destinationUid()), entry.sha256())));
		}
		return compared;
	}

	/** Destination UID → SHA-256 of the messages found; a missing message has no digest. */
	private static Map<Long, byte[]> digestsOf(ImapSession destination, String folder, List<LedgerEntry> window) {
		Map<Long, byte[]> digests = new HashMap<>();
		if (window.size() == 1) {
			try {
				digests.put(window.get(0).destinationUid(), destination.sha256(folder, window.get(0).destinationUid()));
			}
			catch (MessageImapException ex) {
				// missing at the destination: not identical
			}
			return digests;
		}
		destination.fetchRawAll(folder, window.stream().map(LedgerEntry::destinationUid).toList(),
				(uid, bytes, offset, length) -> {
					MessageDigest sha256 = sha256();
					sha256.update(bytes, offset, length);
					digests.put(uid, sha256.digest());
				});
		return digests;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
