package io.mailmig.worker.job;

import java.util.List;

import io.mailmig.worker.copy.CopyFolderStepConfiguration;
import io.mailmig.worker.copy.AppendRecoveries;
import io.mailmig.worker.copy.FolderPartitioner;
import io.mailmig.worker.discovery.PassFolder;
import io.mailmig.worker.discovery.PassFolders;
import io.mailmig.worker.system.WorkerProperties;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job that runs one pass of one mailbox: {@code discoverFolders} ▸ {@code copyFolder} partitioned
 * by folder (and UID range), each chunk read back from the destination as it is copied ▸
 * {@code completeFolders}. Its one identifying parameter names the pass.
 */
@Configuration(proxyBeanMethods = false)
public class MailboxPassJob {

	public static final String NAME = "mailboxPass";

	public static final String PASS = "pass";

	public static JobParameters parameters(String passKey) {
		return new JobParametersBuilder().addString(PASS, passKey).toJobParameters();
	}

	@Bean
	Job mailboxPass(JobRepository jobRepository, Step discoverFolders, Step copyFolders, Step completeFolders,
			JobExecutionListener passEventsListener, IdleConnections idleConnections,
			AppendRecoveries appendRecoveries) {
		return new JobBuilder(NAME, jobRepository).listener(passEventsListener)
			.listener(idleConnections)
			.listener(appendRecoveries)
			.start(discoverFolders)
			.next(copyFolders)
			.next(completeFolders)
			.build();
	}

	@Bean
	Step discoverFolders(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			@Qualifier("discoverFoldersTasklet") Tasklet discoverFoldersTasklet) {
		return new StepBuilder("discoverFolders", jobRepository).tasklet(discoverFoldersTasklet, transactionManager)
			.build();
	}

	@Bean
	Step copyFolders(JobRepository jobRepository, @Qualifier("folderPartitioner") FolderPartitioner folderPartitioner,
			Step copyFolder, WorkerProperties properties, PassFolders passFolders) {
		return new StepBuilder("copyFolders", jobRepository)
			.partitioner(CopyFolderStepConfiguration.STEP, folderPartitioner)
			.partitionHandler(perPassHandler(copyFolder, properties, passFolders))
			.build();
	}

	/** Reports every folder of the pass; the copy read its messages back already, chunk by chunk. */
	@Bean
	Step completeFolders(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			@Qualifier("completeFoldersTasklet") Tasklet completeFoldersTasklet) {
		return new StepBuilder("completeFolders", jobRepository).tasklet(completeFoldersTasklet, transactionManager)
			.build();
	}

	/**
	 * Runs a pass's partitions on their own threads, as many at once as its work is worth
	 * ({@link WorkerProperties#partitionConcurrency}, at most {@code folder-concurrency}; each partition
	 * holds one connection per side, and the pairs are handed from partition to partition).
	 */
	private static PartitionHandler perPassHandler(Step step, WorkerProperties properties, PassFolders passFolders) {
		return (splitter, managerStepExecution) -> {
			List<PassFolder> plan = passFolders.plan(managerStepExecution.getJobParameters().getString(PASS));
			int concurrency = properties.partitionConcurrency(plan.stream().mapToLong(PassFolder::toCopy).sum(),
					plan.stream().mapToLong(PassFolder::bytesToCopy).sum());
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(step.getName() + "-");
			executor.setConcurrencyLimit(concurrency);
			TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
			handler.setStep(step);
			handler.setTaskExecutor(executor);
			handler.setGridSize(concurrency);
			return handler.handle(splitter, managerStepExecution);
		};
	}

}
