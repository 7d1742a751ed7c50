package io.mailmig.worker.copy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import io.mailmig.common.imap.BothSides;
import io.mailmig.common.imap.MessageSummary;
import io.mailmig.common.imap.TransientImapException;
import io.mailmig.worker.discovery.PassFolder;
import io.mailmig.worker.job.PassContext;
import io.mailmig.worker.job.Retries;
import io.mailmig.worker.ledger.Ledger;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the messages of one source folder (or of a UID range of it) that the ledger does not hold yet,
 * as batches bounded by message count and bytes. The range is listed once, when the partition opens, in
 * one UID FETCH; the position is saved with every chunk.
 */
public final class MessageBatchReader implements ItemStreamReader<CopyBatch> {

	static final String LAST_UID = "messageBatchReader.lastUid";

	private final PartitionSessions sessions;

	private final Retries retries;

	private final Ledger ledger;

	private final PassContext pass;

	private final PassFolder folder;

	private final String destinationFolder;

	private final long uidFrom;

	private final long uidTo;

	private final int chunkMessages;

	private final long chunkBytes;

	private final Deque<MessageSummary> pending = new ArrayDeque<>();

	private long lastUid;

	MessageBatchReader(PartitionSessions sessions, Retries retries, Ledger ledger, PassContext pass, PassFolder folder,
			String destinationFolder, long uidFrom, long uidTo, int chunkMessages, long chunkBytes) {
		this.sessions = sessions;
		this.retries = retries;
		this.ledger = ledger;
		this.pass = pass;
		this.folder = folder;
		this.destinationFolder = destinationFolder;
		this.uidFrom = uidFrom;
		this.uidTo = uidTo;
		this.chunkMessages = chunkMessages;
		this.chunkBytes = chunkBytes;
	}

	@Override
	public void open(ExecutionContext context) {
		this.lastUid = context.getLong(LAST_UID, 0L);
		if (this.folder.unchanged() || this.folder.messages() == 0) {
			return;
		}
		// the source is listed while the destination logs in (a partition's first step opens both)
		List<MessageSummary> listed = BothSides.run(() -> this.retries.retrying(() -> {
			try {
				// the whole range: new messages to copy, and the flags of those already copied
				return this.sessions.source().listMessagesIfValid(this.folder.sourceFolder(),
						this.folder.sourceUidValidity(), this.uidFrom, this.uidTo);
			}
			catch (TransientImapException ex) {
				this.sessions.resetSource();
				throw ex;
			}
		}), this::openDestination).source();
		java.util.Map<Long, Long> copiedTo = this.ledger.copiedDestinations(this.pass.pairId(),
				this.folder.sourceFolder(), this.folder.sourceUidValidity());
		if (!copiedTo.isEmpty()) {
			this.retries.retrying(() -> {
				try {
					return FlagSync.apply(listed, copiedTo, this.sessions.destination(), this.destinationFolder);
				}
				catch (TransientImapException ex) {
					this.sessions.resetDestination();
					throw ex;
				}
			});
		}
		Set<Long> copied = this.ledger.copiedUids(this.pass.pairId(), this.folder.sourceFolder(),
				this.folder.sourceUidValidity());
		Set<Long> wanted = this.pass.request().options().since() == null ? null
				: this.retries.retrying(() -> new java.util.HashSet<>(this.sessions.source()
					.searchSince(this.folder.sourceFolder(), this.pass.request().options().since())));
		for (MessageSummary m : listed) {
			if (m.uid() > this.lastUid && !copied.contains(m.uid()) && (wanted == null || wanted.contains(m.uid()))) {
				this.pending.add(m);
			}
		}
	}

	/**
	 * Logs in to the destination ahead of its first use. A failure is left for that use, which retries
	 * and reports it as it always does.
	 */
	private Void openDestination() {
		try {
			this.sessions.destination();
		}
		catch (RuntimeException ex) {
			this.sessions.resetDestination();
		}
		return null;
	}

	@Override
	public CopyBatch read() {
		if (this.pending.isEmpty()) {
			return null;
		}
		List<MessageSummary> batch = new ArrayList<>();
		long bytes = 0;
		while (!this.pending.isEmpty() && batch.size() < this.chunkMessages) {
			MessageSummary next = this.pending.peek();
			if (!batch.isEmpty() && bytes + next.size() > this.chunkBytes) {
				break;
			}
			batch.add(this.pending.poll());
			bytes += next.size();
		}
		this.lastUid = batch.get(batch.size() - 1).uid();
		return new CopyBatch(batch);
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(LAST_UID, this.lastUid);
	}

}
