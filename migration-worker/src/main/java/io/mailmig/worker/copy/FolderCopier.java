package io.mailmig.worker.copy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import io.mailmig.common.event.SkipReason;
import io.mailmig.common.imap.AppendRequest;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MailboxImapException;
import io.mailmig.common.imap.MessageImapException;
import io.mailmig.common.imap.MessageSummary;
import io.mailmig.common.imap.TransientImapException;
import io.mailmig.worker.job.Retries;
import io.mailmig.worker.ledger.LedgerEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the messages of one batch from a source folder to its destination folder: fetch the raw bytes
 * (spooled, digested), then APPEND them with flags, keywords and INTERNALDATE. Transient failures are
 * retried on a new connection; an APPEND interrupted that way is resolved by {@link AppendRecovery}.
 * Messages the destination refuses are skipped with their reason.
 */
final class FolderCopier {

	private static final Logger log = LoggerFactory.getLogger(FolderCopier.class);

	private final PartitionSessions sessions;

	private final Retries retries;

	private final String sourceFolder;

	private final String destinationFolder;

	private final AppendRecovery recovery;

	private final Long maxMessageSize;

	private final int spoolInMemory;

	private final SpoolMemory spoolMemory;

	private final int overQuotaLimit;

	private final boolean readBack;

	private int consecutiveOverQuota;

	/** Fetches the next window while the current one is appended; a window nobody appends is freed. */
	private final Prefetch<List<Pending>> prefetch = new Prefetch<>("prefetch-",
			pending -> pending.forEach(p -> p.spool.close()));


	FolderCopier(PartitionSessions sessions, Retries retries, String sourceFolder, String destinationFolder,
			AppendRecovery recovery, Long maxMessageSize, int spoolInMemory, SpoolMemory spoolMemory, int overQuotaLimit,
			boolean readBack) {
		this.sessions = sessions;
		this.retries = retries;
		this.sourceFolder = sourceFolder;
		this.destinationFolder = destinationFolder;
		this.recovery = recovery;
		this.maxMessageSize = maxMessageSize;
		this.spoolInMemory = spoolInMemory;
		this.spoolMemory = spoolMemory;
		this.overQuotaLimit = overQuotaLimit;
		this.readBack = readBack;
	}

	BatchResult copy(List<MessageSummary> batch) {
		List<LedgerEntry> copied = new ArrayList<>();
		List<Skipped> skipped = new ArrayList<>();
		long bytes = 0;
		List<MessageSummary> wanted = new ArrayList<>();
		for (MessageSummary message : batch) {
			Skipped tooBig = tooBig(message);
			if (tooBig != null) {
				skipped.add(tooBig);
			}
			else {
				wanted.add(message);
			}
		}
		// the next window is fetched while this one is appended: the source and the destination work at once
		List<List<MessageSummary>> windows = FetchWindows.of(wanted, MessageSummary::size, this.spoolInMemory);
		CompletableFuture<List<Pending>> next = windows.isEmpty() ? null
				: this.prefetch.start(() -> fetched(windows.get(0)));
		for (int w = 0; w < windows.size(); w++) {
			List<Pending> pending = this.prefetch.await(next);
			if (w + 1 < windows.size()) {
				List<MessageSummary> following = windows.get(w + 1);
				next = this.prefetch.start(() -> fetched(following));
			}
			else {
				next = null;
			}
			try {
				append(pending);
				List<LedgerEntry> appended = new ArrayList<>();
				for (Pending p : pending) {
					if (p.failure != null) {
						log.debug("Message {} of {} skipped: {}: {}", p.message.uid(), this.sourceFolder,
								p.failure.reason(), p.failure.getMessage());
						skipped.add(new Skipped(p.message, p.failure.reason(), p.failure.getMessage()));
						overQuota(p.failure);
					}
					else {
						appended.add(new LedgerEntry(p.message.uid(), p.destinationUid, p.spool.size(), p.spool.sha256()));
						bytes += p.spool.size();
						this.consecutiveOverQuota = 0;
					}
				}
				// while the next window is being fetched
				copied.addAll(readBack(appended, pending));
			}
			catch (RuntimeException | Error ex) {
				this.prefetch.discard(next);
				throw ex;
			}
			finally {
				pending.forEach(p -> p.spool.close());
			}
		}
		return new BatchResult(copied, bytes, skipped, this.recovery.nextWatermark(this).orElse(0));
	}

	/**
	 * Reads a window's messages back from the destination, when verification is {@code DIGEST}: each
	 * entry then says whether its message arrived byte-identical, and is written so to the ledger in the
	 * chunk's transaction. Done here rather than in a later step, the read-back runs while the next window
	 * is fetched and other folders copy, on the connection that appended, and a chunk done again reads
	 * back what it appended again (ADR 9).
	 */
	private List<LedgerEntry> readBack(List<LedgerEntry> copied, List<Pending> window) {
		if (!this.readBack || copied.isEmpty()) {
			return copied;
		}
		// the source bytes are still at hand: what is read back is compared with them byte for byte, which
		// is both stronger and cheaper than a second SHA-256
		java.util.Map<Long, SpooledMessage> sources = new java.util.HashMap<>();
		window.forEach(p -> sources.put(p.message.uid(), p.spool));
		java.util.Map<Long, LedgerEntry> outcomes = new java.util.HashMap<>();
		for (List<LedgerEntry> readWindow : ReadBack.windows(copied, this.spoolInMemory)) {
			List<LedgerEntry> compared = this.retries.retrying(() -> {
				try {
					return ReadBack.compare(this.sessions.destination(), this.destinationFolder, readWindow,
							entry -> sources.get(entry.sourceUid()));
				}
				catch (TransientImapException ex) {
					this.sessions.resetDestination();
					throw ex;
				}
			});
			for (LedgerEntry entry : compared) {
				if (!entry.verified()) {
					log.error("Message {} of {} differs at the destination (UID {} of {})", entry.sourceUid(),
							this.sourceFolder, entry.destinationUid(), this.destinationFolder);
				}
				outcomes.put(entry.sourceUid(), entry);
			}
		}
		return copied.stream().map(e -> outcomes.getOrDefault(e.sourceUid(), e)).toList();
	}

	/** A window's messages fetched into their spools; the spools are closed if the fetch fails. */
	private List<Pending> fetched(List<MessageSummary> window) {
		List<Pending> pending = new ArrayList<>();
		try {
			for (MessageSummary message : window) {
				// a large message is held in memory if the worker's budget has room for it (ADR 10)
				SpoolMemory.Reservation memory = (message.size() > this.spoolInMemory)
						? this.spoolMemory.tryReserve(message.size()) : null;
				pending.add(new Pending(message, new SpooledMessage(this.spoolInMemory, memory)));
			}
			fetch(pending);
			return pending;
		}
		catch (RuntimeException | Error ex) {
			pending.forEach(p -> p.spool.close());
			throw ex;
		}
	}

	/** Stops the fetch thread. */
	void close() {
		this.prefetch.close();
	}

	/** The chunk's transaction committed: its messages are in the ledger, its watermark in the folder. */
	void committed(long watermark) {
		this.recovery.committed(this, watermark);
	}

	private Skipped tooBig(MessageSummary message) {
		if (this.maxMessageSize != null && message.size() > this.maxMessageSize) {
			return new Skipped(message, SkipReason.LARGER_THAN_MAX_SIZE,
					message.size() + " bytes is over the plan's maximum of " + this.maxMessageSize);
		}
		OptionalLong limit = this.sessions.destination().appendLimit();
		if (limit.isPresent() && message.size() > limit.getAsLong()) {
			return new Skipped(message, SkipReason.TOO_BIG_FOR_DESTINATION,
					message.size() + " bytes is over the destination's APPENDLIMIT of " + limit.getAsLong());
		}
		return null;
	}

	/** Fetches a window into its spools: one UID FETCH for small messages, ranges for a large one. */
	private void fetch(List<Pending> window) {
		this.retries.retrying(() -> {
			try {
				ImapSession source = this.sessions.source();
				if (window.size() == 1 && window.get(0).message.size() > this.spoolInMemory) {
					Pending p = window.get(0);
					try {
						source.fetchRawRanges(this.sourceFolder, p.message.uid(), p.spool.ranges());
						p.spool.complete();
					}
					catch (MessageImapException ex) {
						p.failure = ex;
					}
					return null;
				}
				java.util.Map<Long, Pending> byUid = new java.util.HashMap<>();
				window.forEach(p -> byUid.put(p.message.uid(), p));
				java.util.Set<Long> missing = source.fetchRawAll(this.sourceFolder,
						window.stream().map(p -> p.message.uid()).toList(), (uid, data, offset, length) -> {
							// the fetch leaves the bytes to us: kept as they are, not copied
							byUid.get(uid).spool.keep(data, offset, length);
						});
				for (Long uid : missing) {
					byUid.get(uid).failure = new MessageImapException(SkipReason.EXPUNGED_AT_SOURCE,
							"UID " + uid + " no longer exists in '" + this.sourceFolder + "'", null);
				}
				return null;
			}
			catch (TransientImapException ex) {
				this.sessions.resetSource();
				throw ex;
			}
		});
	}

	/**
	 * Appends the fetched messages of a window, pipelined where the destination allows. After an
	 * APPEND whose outcome was lost, each message still without an outcome is first looked for among the
	 * destination's orphans ({@link AppendRecovery}) and only appended again if it is not there.
	 */
	private void append(List<Pending> window) {
		this.retries.retrying(() -> {
			try {
				ImapSession destination = this.sessions.destination();
				// without UIDPLUS the new UID is read from STATUS: no sibling may append meanwhile
				return this.recovery.appending(destination, !destination.hasCapability("UIDPLUS"), this, () -> {
					appendWindow(destination, window);
					return null;
				});
			}
			catch (TransientImapException ex) {
				// the messages without an outcome may or may not have been stored: look before appending again
				this.recovery.outcomeLost();
				this.sessions.resetDestination();
				throw ex;
			}
		});
	}

	/** Claims what an earlier lost APPEND stored, appends the rest of the window in one pipeline. */
	private void appendWindow(ImapSession destination, List<Pending> window) {
		List<Pending> toAppend = new ArrayList<>();
		for (Pending p : window) {
			if (p.resolved()) {
				continue;
			}
			OptionalLong claimed = this.recovery.claim(destination, p.spool.size(), p.spool.sha256(), this);
			if (claimed.isPresent()) {
				log.info("Message {} of {} was already stored at the destination as UID {} by an APPEND whose "
						+ "reply was lost: not appended again", p.message.uid(), this.sourceFolder,
						claimed.getAsLong());
				p.destinationUid = claimed.getAsLong();
			}
			else {
				toAppend.add(p);
			}
		}
		List<AppendRequest> requests = toAppend.stream()
			.map(p -> new AppendRequest(p.message.flags(), p.message.internalDate(), p.spool))
			.toList();
		destination.appendAll(this.destinationFolder, requests, new ImapSession.AppendOutcomes() {

			@Override
			public void appended(int index, OptionalLong uid) {
				// without UIDPLUS (RFC 4315) appends are not pipelined and the new message is the last
				// one: recovery must know it as ours, or a later identical message could claim it
				long destinationUid = uid.isPresent() ? uid.getAsLong()
						: destination.status(FolderCopier.this.destinationFolder).uidNext() - 1;
				FolderCopier.this.recovery.appended(destinationUid, FolderCopier.this);
				toAppend.get(index).destinationUid = destinationUid;
			}

			@Override
			public void refused(int index, MessageImapException failure) {
				toAppend.get(index).failure = failure;
			}

		});
	}

	private void overQuota(MessageImapException ex) {
		if (ex.reason() != SkipReason.OVER_QUOTA) {
			return;
		}
		if (++this.consecutiveOverQuota >= this.overQuotaLimit) {
			throw new MailboxImapException(MailboxImapException.Reason.OVER_QUOTA,
					"the destination refused " + this.consecutiveOverQuota
							+ " messages in a row for quota: the mailbox is full (" + ex.getMessage() + ")",
					ex);
		}
	}

	/** One message of a window, from its fetch to its outcome. */
	private static final class Pending {

		final MessageSummary message;

		final SpooledMessage spool;

		Long destinationUid;

		MessageImapException failure;

		Pending(MessageSummary message, SpooledMessage spool) {
			this.message = message;
			this.spool = spool;
		}

		boolean resolved() {
			return this.destinationUid != null || this.failure != null;
		}

	}

	/** A message not copied. */
	record Skipped(MessageSummary message, SkipReason reason, String detail) {
	}

	/**
	 * What a batch did.
	 *
	 * @param copied ledger entries of the messages now at the destination
	 * @param bytes their size
	 * @param skipped messages not copied
	 * @param destinationUidNext the destination watermark to commit (0 when unchanged)
	 */
	record BatchResult(List<LedgerEntry> copied, long bytes, List<Skipped> skipped, long destinationUidNext) {
	}

}
