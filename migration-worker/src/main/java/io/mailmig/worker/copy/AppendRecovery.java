package io.mailmig.worker.copy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MessageImapException;
import io.mailmig.common.imap.MessageSummary;

/**
 * Resolves APPENDs whose outcome is unknown without appending twice (DESIGN §3 rule 2), for every
 * partition that appends to one destination folder (a big folder is copied by several UID-range
 * partitions at once, ADR 7).
 * <p>
 * The ledger commits the destination UIDNEXT with every chunk (the watermark). A destination message at
 * or above the watermark that no partition has appended or claimed, and that the ledger does not hold,
 * may be one of the APPENDs whose tagged reply was lost (connection dropped, worker killed before the
 * chunk committed). Before appending a message after such a loss, its size and SHA-256 are compared with
 * those orphans; a match is claimed as the copy instead of appending again. Each orphan is claimed at
 * most once, whichever partition claims it, so two identical source messages still make two destination
 * messages.
 * <p>
 * Partitions append under a shared lock and look for orphans under an exclusive one: no APPEND of a
 * sibling is in flight while the destination is scanned, so a sibling's message that is merely waiting
 * for its reply is never taken for an orphan. The watermark a partition commits stays below every UID a
 * sibling appended but has not committed yet, so a crash never hides a sibling's message under it.
 * <p>
 * Limit: a server that rewrites messages on APPEND (so RFC822.SIZE differs) defeats the match; on such
 * a server a crash in the middle of a chunk may leave a duplicate. Dovecot, Cyrus and GreenMail store
 * the bytes as given.
 */
final class AppendRecovery {

	private final String destinationFolder;

	/** Destination UIDs at or above a watermark that the ledger holds: committed, so never orphans. */
	private final LongFunction<Set<Long>> committedFrom;

	private final ReadWriteLock appending = new ReentrantReadWriteLock();

	private long watermark;

	private volatile boolean scanNeeded;

	/** Destination UIDs appended or claimed in this run: never orphans. */
	private final Set<Long> known = new HashSet<>();

	/** Of those, the ones whose chunk has not committed yet, by the partition that holds them. */
	private final Map<Long, Object> uncommitted = new HashMap<>();

	/**
	 * Partitions with APPENDs in flight or whose outcome was lost, and the lowest UID those can have: UIDs
	 * only grow, so it is above every UID known when the APPENDs were written.
	 */
	private final Map<Object, Long> inFlight = new HashMap<>();

	private final Map<Long, List<Long>> orphansBySize = new HashMap<>();

	private final Map<Long, byte[]> orphanDigests = new HashMap<>();

	AppendRecovery(String destinationFolder, long watermark, LongFunction<Set<Long>> committedFrom) {
		this(destinationFolder, watermark, committedFrom, false);
	}

	/**
	 * @param clean nothing is at or above the watermark (seen by this execution's discovery, before any
	 * APPEND to the folder): no orphan to look for until an outcome is lost
	 */
	AppendRecovery(String destinationFolder, long watermark, LongFunction<Set<Long>> committedFrom, boolean clean) {
		this.destinationFolder = destinationFolder;
		this.watermark = watermark;
		this.committedFrom = committedFrom;
		this.scanNeeded = !clean;
	}

	/**
	 * Runs a partition's claims and APPENDs. After a lost outcome the destination is scanned first, with
	 * no sibling APPEND in flight.
	 * @param exclusive no sibling appends while {@code work} runs (a server without UIDPLUS, whose new
	 * UID is read from STATUS afterwards)
	 * @param owner the partition appending
	 */
	<T> T appending(ImapSession destination, boolean exclusive, Object owner, Supplier<T> work) {
		if (this.scanNeeded) {
			this.appending.writeLock().lock();
			try {
				if (this.scanNeeded) {
					scan(destination);
				}
			}
			finally {
				this.appending.writeLock().unlock();
			}
		}
		java.util.concurrent.locks.Lock lock = exclusive ? this.appending.writeLock() : this.appending.readLock();
		lock.lock();
		try {
			synchronized (this) {
				this.inFlight.merge(owner, Math.max(maxKnown() + 1, this.watermark), Math::min);
			}
			T result = work.get();
			// only now is every APPEND of this partition known; after a failure its floor stays, since
			// what it stored unseen stays above the watermark until a retry claims it
			synchronized (this) {
				this.inFlight.remove(owner);
			}
			return result;
		}
		finally {
			lock.unlock();
		}
	}

	/** The outcome of an APPEND was lost: look at the destination again before the next one. */
	void outcomeLost() {
		this.scanNeeded = true;
	}

	/**
	 * A destination message with this size and digest that an earlier, unconfirmed APPEND stored, or
	 * empty; a match is claimed for {@code owner}.
	 */
	synchronized OptionalLong claim(ImapSession destination, long size, byte[] sha256, Object owner) {
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
				hold(uid, owner);
				return OptionalLong.of(uid);
			}
		}
		return OptionalLong.empty();
	}

	synchronized void appended(long destinationUid, Object owner) {
		hold(destinationUid, owner);
	}

	/**
	 * The destination UIDNEXT {@code owner} may commit with its chunk: above everything appended so far,
	 * but below anything a sibling appended and has not committed, or may be appending right now (its
	 * replies not read yet).
	 */
	synchronized OptionalLong nextWatermark(Object owner) {
		long next = maxKnown() + 1;
		for (Map.Entry<Long, Object> held : this.uncommitted.entrySet()) {
			if (held.getValue() != owner) {
				next = Math.min(next, held.getKey());
			}
		}
		for (Map.Entry<Object, Long> appending : this.inFlight.entrySet()) {
			if (appending.getKey() != owner) {
				next = Math.min(next, appending.getValue());
			}
		}
		return next > this.watermark ? OptionalLong.of(next) : OptionalLong.empty();
	}

	/** {@code owner}'s chunk committed, with this watermark (0 when unchanged). */
	synchronized void committed(Object owner, long newWatermark) {
		this.uncommitted.values().removeIf(o -> o == owner);
		this.watermark = Math.max(this.watermark, newWatermark);
	}

	private long maxKnown() {
		return this.known.stream().mapToLong(Long::longValue).max().orElse(-1);
	}

	private void hold(long uid, Object owner) {
		this.known.add(uid);
		this.uncommitted.put(uid, owner);
	}

	private synchronized void scan(ImapSession destination) {
		this.orphansBySize.clear();
		Set<Long> committed = this.committedFrom.apply(this.watermark);
		for (MessageSummary m : destination.listMessages(this.destinationFolder, this.watermark, Long.MAX_VALUE)) {
			if (!this.known.contains(m.uid()) && !committed.contains(m.uid())) {
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
