package io.mailmig.worker.copy;

import java.time.Instant;
import java.util.UUID;

import io.mailmig.common.event.FolderCopyProgressed;
import io.mailmig.common.event.MessageSkipped;
import io.mailmig.worker.copy.FolderCopier.BatchResult;
import io.mailmig.worker.copy.FolderCopier.Skipped;
import io.mailmig.worker.discovery.PassFolder;
import io.mailmig.worker.job.PassContext;
import io.mailmig.worker.ledger.Ledger;
import io.mailmig.worker.ledger.LedgerFolder;
import io.mailmig.worker.progress.CopyMetrics;
import io.mailmig.worker.progress.EventOutbox;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Copies a batch and records it in the chunk's transaction: the ledger entries in one batch, the
 * skipped messages, the new watermark and one progress event. Nothing of a batch is recorded unless
 * all of it is.
 */
public final class MessageBatchWriter implements ItemStreamWriter<CopyBatch> {

	static final String COPIED = "messageBatchWriter.copied";

	static final String BYTES = "messageBatchWriter.bytes";

	static final String SKIPPED = "messageBatchWriter.skipped";

	private final FolderCopier copier;

	private final Ledger ledger;

	private final LedgerFolder ledgerFolder;

	private final EventOutbox outbox;

	private final JdbcTemplate jdbc;

	private final PassContext pass;

	private final PassFolder folder;

	private final String partition;

	private final CopyMetrics metrics;

	private long copied;

	private long bytes;

	private long skipped;

	MessageBatchWriter(FolderCopier copier, Ledger ledger, LedgerFolder ledgerFolder, EventOutbox outbox,
			JdbcTemplate jdbc, PassContext pass, PassFolder folder, String partition, CopyMetrics metrics) {
		this.copier = copier;
		this.ledger = ledger;
		this.ledgerFolder = ledgerFolder;
		this.outbox = outbox;
		this.jdbc = jdbc;
		this.pass = pass;
		this.folder = folder;
		this.partition = partition;
		this.metrics = metrics;
	}

	@Override
	public void open(ExecutionContext context) {
		this.copied = context.getLong(COPIED, 0L);
		this.bytes = context.getLong(BYTES, 0L);
		this.skipped = context.getLong(SKIPPED, 0L);
	}

	@Override
	public void write(Chunk<? extends CopyBatch> chunk) {
		for (CopyBatch batch : chunk) {
			BatchResult result = this.copier.copy(batch.messages());
			if (!result.copied().isEmpty()) {
				this.ledger.record(this.ledgerFolder, this.pass.passKey(), result.copied(), result.destinationUidNext());
			}
			// one batch per chunk for the skipped messages and one for the events, never a query per message
			if (!result.skipped().isEmpty()) {
				this.jdbc.batchUpdate("""
						INSERT INTO skipped_message (pass_key, source_folder, source_uid, size, reason, detail)
						VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", result.skipped(), result.skipped().size(),
						(ps, s) -> {
							ps.setString(1, this.pass.passKey());
							ps.setString(2, this.folder.sourceFolder());
							ps.setLong(3, s.message().uid());
							ps.setLong(4, s.message().size());
							ps.setString(5, s.reason().name());
							ps.setString(6, s.detail());
						});
			}
			java.util.List<io.mailmig.common.event.MigrationEvent> events = new java.util.ArrayList<>();
			for (Skipped s : result.skipped()) {
				events.add(new MessageSkipped(UUID.randomUUID(), this.pass.request().migrationId(),
						this.pass.request().pass(), Instant.now(), this.folder.sourceDisplay(), s.message().uid(),
						s.message().size(), s.reason(), s.detail()));
			}
			this.copied += result.copied().size();
			this.bytes += result.bytes();
			this.skipped += result.skipped().size();
			events.add(new FolderCopyProgressed(UUID.randomUUID(), this.pass.request().migrationId(),
					this.pass.request().pass(), Instant.now(), this.folder.sourceDisplay(), this.partition,
					result.copied().size(), result.bytes(), this.copied, this.bytes, this.skipped));
			this.outbox.appendAll(events);
			this.metrics.chunkCopied(result.copied().size(), result.bytes(), result.skipped()
				.stream()
				.collect(java.util.stream.Collectors.groupingBy(s -> s.reason().name(), java.util.stream.Collectors.counting())));
			afterCommit(() -> this.copier.committed(result.destinationUidNext()));
		}
	}

	/**
	 * Runs once the chunk's transaction committed: until then its messages are not in the ledger, and a
	 * sibling partition must not move the watermark past them.
	 */
	private static void afterCommit(Runnable action) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				action.run();
			}

		});
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(COPIED, this.copied);
		context.putLong(BYTES, this.bytes);
		context.putLong(SKIPPED, this.skipped);
	}

}
