package io.mailmig.worker.copy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MessageImapException;
import io.mailmig.common.imap.MessageSummary;

/**
 * Resolves APPENDs whose outcome is unknown without appending twice (DESIGN §3 rule 2).
 * <p>
 * The ledger commits the destination UIDNEXT with every chunk (the watermark). A destination message at
 * or above the watermark that this partition has not appended or claimed itself may be one of its
 * earlier APPENDs whose tagged reply was lost (connection dropped, worker killed before the chunk
 * committed). Before appending a message after such a loss, its size and SHA-256 are compared with
 * those orphans; a match is claimed as the copy instead of appending again. Each orphan is claimed at
 * most once, so two identical source messages still make two destination messages.
 * <p>
 * Limit: a server that rewrites messages on APPEND (so RFC822.SIZE differs) defeats the match; on such
 * a server a crash in the middle of a chunk may leave a duplicate. Dovecot, Cyrus and GreenMail store
 * the bytes as given.
 */
final class AppendRecovery {

	private final String destinationFolder;

	private long watermark;

	private boolean scanNeeded = true;

	/** Destination UIDs this partition appended or claimed: never orphans. */
	private final Set<Long> known = new HashSet<>();

	private final Map<Long, List<Long>> orphansBySize = new HashMap<>();

	private final Map<Long, byte[]> orphanDigests = new HashMap<>();

	AppendRecovery(String destinationFolder, long watermark) {
		this.destinationFolder = destinationFolder;
		this.watermark = watermark;
	}

	/** The outcome of an APPEND was lost: look at the destination again before the next one. */
	void outcomeLost() {
		this.scanNeeded = true;
	}

	/**
	 * A destination message with this size and digest that an earlier, unconfirmed APPEND stored, or
	 * empty; a match is claimed.
	 */
	OptionalLong claim(ImapSession destination, long size, byte[] sha256) {
		if (this.scanNeeded) {
			scan(destination);
		}
		List<Long> candidates = this.orphansBySize.get(size);
		if (candidates == null) {
			return OptionalLong.empty();
		}
		for (Long uid : new ArrayList<>(candidates)) {
			byte[] digest = this.orphanDigests.get(uid);
			if (digest == null) {
				digest = digestOf(destination, uid);
				this.orphanDigests.put(uid, digest);
			}
			if (Arrays.equals(digest, sha256)) {
				candidates.remove(uid);
				this.known.add(uid);
				return OptionalLong.of(uid);
			}
		}
		return OptionalLong.empty();
	}

	void appended(long destinationUid) {
		this.known.add(destinationUid);
	}

	/** The destination UIDNEXT to commit with the chunk, when APPENDUID told every UID. */
	OptionalLong nextWatermark() {
		return this.known.stream().mapToLong(Long::longValue).max().stream().map(max -> Math.max(max + 1, this.watermark)).findFirst();
	}

	void committed(long newWatermark) {
		this.watermark = Math.max(this.watermark, newWatermark);
	}

	private void scan(ImapSession destination) {
		this.orphansBySize.clear();
		for (MessageSummary m : destination.listMessages(this.destinationFolder, this.watermark, Long.MAX_VALUE)) {
			if (!this.known.contains(m.uid())) {
				this.orphansBySize.computeIfAbsent(m.size(), s -> new ArrayList<>()).add(m.uid());
			}
		}
		this.scanNeeded = false;
	}

	private byte[] digestOf(ImapSession destination, long uid) {
		try {
			return destination.sha256(this.destinationFolder, uid);
		}
		catch (MessageImapException ex) {
			return new byte[0]; // gone meanwhile: matches nothing
		}
	}

}
