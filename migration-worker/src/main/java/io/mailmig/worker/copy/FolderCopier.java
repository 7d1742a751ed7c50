package io.mailmig.worker.copy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import io.mailmig.common.event.SkipReason;
import io.mailmig.common.imap.AppendRequest;
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

	private final int overQuotaLimit;

	private int consecutiveOverQuota;

	FolderCopier(PartitionSessions sessions, Retries retries, String sourceFolder, String destinationFolder,
			long watermark, Long maxMessageSize, int spoolInMemory, int overQuotaLimit) {
		this.sessions = sessions;
		this.retries = retries;
		this.sourceFolder = sourceFolder;
		this.destinationFolder = destinationFolder;
		this.recovery = new AppendRecovery(destinationFolder, watermark);
		this.maxMessageSize = maxMessageSize;
		this.spoolInMemory = spoolInMemory;
		this.overQuotaLimit = overQuotaLimit;
	}

	BatchResult copy(List<MessageSummary> batch) {
		List<LedgerEntry> copied = new ArrayList<>();
		List<Skipped> skipped = new ArrayList<>();
		long bytes = 0;
		for (MessageSummary message : batch) {
			Skipped tooBig = tooBig(message);
			if (tooBig != null) {
				skipped.add(tooBig);
				continue;
			}
			try (SpooledMessage spool = new SpooledMessage(this.spoolInMemory)) {
				fetch(message, spool);
				Long destinationUid = append(message, spool);
				copied.add(new LedgerEntry(message.uid(), destinationUid, spool.size(), spool.sha256()));
				bytes += spool.size();
				this.consecutiveOverQuota = 0;
			}
			catch (MessageImapException ex) {
				log.debug("Message {} of {} skipped: {}: {}", message.uid(), this.sourceFolder, ex.reason(),
						ex.getMessage());
				skipped.add(new Skipped(message, ex.reason(), ex.getMessage()));
				overQuota(ex);
			}
		}
		return new BatchResult(copied, bytes, skipped, this.recovery.nextWatermark().orElse(0));
	}

	void committed(long watermark) {
		this.recovery.committed(watermark);
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

	private void fetch(MessageSummary message, SpooledMessage spool) {
		this.retries.retrying(() -> {
			try {
				this.sessions.source().fetchRaw(this.sourceFolder, message.uid(), spool.sink());
				spool.complete();
				return null;
			}
			catch (TransientImapException ex) {
				this.sessions.resetSource();
				throw ex;
			}
		});
	}

	private Long append(MessageSummary message, SpooledMessage spool) {
		return this.retries.retrying(() -> {
			try {
				OptionalLong claimed = this.recovery.claim(this.sessions.destination(), spool.size(), spool.sha256());
				if (claimed.isPresent()) {
					log.info("Message {} of {} was already stored at the destination as UID {} by an APPEND whose "
							+ "reply was lost: not appended again", message.uid(), this.sourceFolder, claimed.getAsLong());
					return claimed.getAsLong();
				}
				OptionalLong uid = this.sessions.destination()
					.append(this.destinationFolder, new AppendRequest(message.flags(), message.internalDate(), spool));
				// without UIDPLUS (RFC 4315) the new message is the last one: recovery must know it as ours, or a
				// later identical message could claim it after a lost reply
				long destinationUid = uid.isPresent() ? uid.getAsLong()
						: this.sessions.destination().status(this.destinationFolder).uidNext() - 1;
				this.recovery.appended(destinationUid);
				return destinationUid;
			}
			catch (TransientImapException ex) {
				// the message may or may not have been stored: look before appending again
				this.recovery.outcomeLost();
				this.sessions.resetDestination();
				throw ex;
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
