package io.mailmig.worker.copy;

import io.mailmig.worker.connection.LimitedImapConnector;
import io.mailmig.worker.discovery.PassFolder;
import io.mailmig.worker.discovery.PassFolders;
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
 * One folder partition of the copy step (step scoped): its pass, its folder, its two connections, and
 * the reader and writer that share them. Closing the partition closes the connections.
 */
public class CopyPartition implements ItemStream {

	private final PartitionSessions sessions;

	private final MessageBatchReader reader;

	private final MessageBatchWriter writer;

	public CopyPartition(String passKey, String sourceFolder, String partition, PassContexts passes,
			PassFolders passFolders, Ledger ledger, LimitedImapConnector connector, Retries retries, EventOutbox outbox,
			JdbcTemplate jdbc, WorkerProperties properties, CopyMetrics metrics) {
		PassContext pass = passes.load(passKey);
		PassFolder folder = passFolders.folder(passKey, sourceFolder);
		LedgerFolder ledgerFolder = ledger.folder(pass.pairId(), sourceFolder)
			.orElseThrow(() -> new IllegalStateException("folder " + sourceFolder + " is not in the ledger"));
		this.sessions = new PartitionSessions(connector, pass);
		this.reader = new MessageBatchReader(this.sessions, retries, ledger, pass, folder,
				ledgerFolder.destinationFolder(), properties.chunkMessages(), properties.chunkBytes().toBytes());
		FolderCopier copier = new FolderCopier(this.sessions, retries, sourceFolder, ledgerFolder.destinationFolder(),
				ledgerFolder.destinationWatermark(), pass.request().options().maxMessageSize(),
				(int) properties.spoolInMemory().toBytes(), properties.overQuotaLimit());
		this.writer = new MessageBatchWriter(copier, ledger, ledgerFolder, outbox, jdbc, pass, folder, partition,
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
		this.sessions.close();
	}

	@Override
	public void open(ExecutionContext executionContext) {
		// connections open on first use
	}

}
