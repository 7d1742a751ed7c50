package io.mailmig.worker.copy;

import io.mailmig.worker.connection.LimitedImapConnector;
import io.mailmig.worker.discovery.PassFolder;
import io.mailmig.worker.discovery.PassFolders;
import io.mailmig.worker.job.IdleConnections;
import io.mailmig.worker.job.PassContext;
import io.mailmig.worker.job.PassContexts;
import io.mailmig.worker.job.Retries;
import io.mailmig.worker.ledger.Ledger;
import io.mailmig.worker.ledger.LedgerFolder;
import io.mailmig.worker.progress.CopyMetrics;
import io.mailmig.worker.progress.EventOutbox;
import io.mailmig.worker.system.WorkerProperties;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One partition of the copy step (step scoped): a folder, or a UID range of a big one. It holds its
 * pass, its two connections, and the reader and writer that share them; partitions appending to the same
 * destination folder share its {@link AppendRecovery}. Closing the partition closes the connections.
 */
public class CopyPartition implements ItemStream {

	private final PartitionSessions sessions;

	private final MessageBatchReader reader;

	private final MessageBatchWriter writer;

	private final FolderCopier copier;

	private final AppendRecoveries recoveries;

	private final Range range;

	private final String destinationFolder;

	CopyPartition(Range range, PassContexts passes, PassFolders passFolders, Ledger ledger,
			LimitedImapConnector connector,
			Retries retries, EventOutbox outbox, JdbcTemplate jdbc, WorkerProperties properties, CopyMetrics metrics,
			AppendRecoveries recoveries, IdleConnections idle, SpoolMemory spoolMemory) {
		PassContext pass = passes.load(range.passKey());
		PassFolder folder = passFolders.folder(range.passKey(), range.sourceFolder());
		LedgerFolder ledgerFolder = ledger.folder(pass.pairId(), range.sourceFolder())
			.orElseThrow(() -> new IllegalStateException("folder " + range.sourceFolder() + " is not in the ledger"));
		this.range = range;
		this.recoveries = recoveries;
		this.destinationFolder = ledgerFolder.destinationFolder();
		this.sessions = new PartitionSessions(connector, pass, idle, range.jobExecutionId(),
				properties.connectionWait());
		this.reader = new MessageBatchReader(this.sessions, retries, ledger, pass, folder, this.destinationFolder,
				range.uidFrom(), range.uidTo(), properties.chunkMessages(), properties.chunkBytes().toBytes());
		AppendRecovery recovery = recoveries.acquire(range.jobExecutionId(), this.destinationFolder,
				() -> new AppendRecovery(ledgerFolder.destinationFolder(), ledgerFolder.destinationWatermark(),
						watermark -> ledger.destinationUidsFrom(pass.pairId(), range.sourceFolder(), watermark),
						// this execution's discovery found nothing above the watermark, and nothing was appended
						// to the folder since (the recovery is made before its first APPEND of the execution)
						range.planMadeNow() && folder.destinationClean()));
		this.copier = new FolderCopier(this.sessions, retries, range.sourceFolder(), this.destinationFolder,
				recovery, pass.request().options().maxMessageSize(), (int) properties.spoolInMemory().toBytes(),
				spoolMemory, properties.overQuotaLimit(), properties.verify() == WorkerProperties.Verification.DIGEST);
		this.writer = new MessageBatchWriter(this.copier, ledger, ledgerFolder, outbox, jdbc, pass, folder, range.name(),
				metrics);
	}

	public MessageBatchReader reader() {
		return this.reader;
	}

	public MessageBatchWriter writer() {
		return this.writer;
	}

	@Override
	public void close() {
		this.copier.close();
		this.sessions.close();

	}

	@Override
	public void open(ExecutionContext executionContext) {
		// connections open on first use
	}

	/**
	 * What a partition copies.
	 *
	 * @param uidFrom first source UID
	 * @param uidTo last source UID ({@link Long#MAX_VALUE}: no end)
	 * @param name the partition's step name
	 * @param planMadeNow the pass's plan was made by this job execution's discovery (not a restart)
	 */
	record Range(String passKey, long jobExecutionId, String sourceFolder, long uidFrom, long uidTo, String name,
			boolean planMadeNow) {
	}

}
