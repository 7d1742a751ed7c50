package io.mailmig.worker.copy;

import io.mailmig.worker.connection.LimitedImapConnector;
import io.mailmig.worker.discovery.PassFolders;
import io.mailmig.worker.job.IdleConnections;
import io.mailmig.worker.job.PassContexts;
import io.mailmig.worker.job.Retries;
import io.mailmig.worker.ledger.Ledger;
import io.mailmig.worker.progress.CopyMetrics;
import io.mailmig.worker.progress.EventOutbox;
import io.mailmig.worker.system.WorkerProperties;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code copyFolder} step: the worker step of each folder partition. A chunk is one
 * {@link CopyBatch}: one transaction, one ledger batch, one progress event.
 */
@Configuration(proxyBeanMethods = false)
public class CopyFolderStepConfiguration {

	public static final String STEP = "copyFolder";

	@Bean
	@StepScope
	CopyPartition copyPartition(@Value("#{jobParameters['pass']}") String passKey,
			@Value("#{stepExecutionContext['" + FolderPartitioner.SOURCE_FOLDER + "']}") String sourceFolder,
			@Value("#{stepExecutionContext['" + FolderPartitioner.UID_FROM + "'] ?: 1L}") long uidFrom,
			@Value("#{stepExecutionContext['" + FolderPartitioner.UID_TO + "'] ?: T(Long).MAX_VALUE}") long uidTo,
			@Value("#{stepExecution.stepName}") String stepName,
			@Value("#{stepExecution.jobExecutionId}") long jobExecutionId,
			@Value("#{jobExecutionContext['" + PassFolders.DISCOVERED_IN + "']}") Long discoveredIn,
			PassContexts passes,
			PassFolders passFolders, Ledger ledger, LimitedImapConnector connector, Retries retries,
			EventOutbox outbox, JdbcTemplate jdbc, WorkerProperties properties, CopyMetrics metrics,
			AppendRecoveries recoveries, IdleConnections idle, SpoolMemory spoolMemory) {
		boolean planMadeNow = discoveredIn != null && discoveredIn == jobExecutionId;
		return new CopyPartition(new CopyPartition.Range(passKey, jobExecutionId, sourceFolder, uidFrom, uidTo, stepName,
				planMadeNow),
				passes, passFolders, ledger, connector, retries, outbox, jdbc, properties, metrics, recoveries, idle,
				spoolMemory);
	}

	@Bean
	@StepScope
	ItemStreamReader<CopyBatch> copyFolderReader(CopyPartition copyPartition) {
		return copyPartition.reader();
	}

	@Bean
	@StepScope
	ItemStreamWriter<CopyBatch> copyFolderWriter(CopyPartition copyPartition) {
		return copyPartition.writer();
	}

	@Bean
	Step copyFolder(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ItemStreamReader<CopyBatch> copyFolderReader, ItemStreamWriter<CopyBatch> copyFolderWriter,
			CopyPartition copyPartition) {
		return new StepBuilder(STEP, jobRepository).<CopyBatch, CopyBatch>chunk(1)
			.reader(copyFolderReader)
			.writer(copyFolderWriter)
			.stream(copyPartition)
			.transactionManager(transactionManager)
			.build();
	}

	@Bean
	@StepScope
	FolderPartitioner folderPartitioner(@Value("#{jobParameters['pass']}") String passKey, PassFolders passFolders,
			WorkerProperties properties) {
		return new FolderPartitioner(passFolders, passKey, properties.rangePartitionMessages(),
				properties.rangePartitionBytes().toBytes(), properties.folderConcurrency());
	}

}
