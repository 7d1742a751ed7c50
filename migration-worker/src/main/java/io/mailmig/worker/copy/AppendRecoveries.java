package io.mailmig.worker.copy;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * The {@link AppendRecovery} of each destination folder being copied, shared by the partitions that
 * append to it in one job execution (the UID ranges of a big folder). It lives as long as the job
 * execution: a range that failed leaves its unknown APPENDs in it, which keeps the watermark its
 * siblings commit below them.
 */
@Component
public class AppendRecoveries implements JobExecutionListener {

	private final Map<String, AppendRecovery> byFolder = new HashMap<>();

	synchronized AppendRecovery acquire(long jobExecutionId, String destinationFolder, Supplier<AppendRecovery> create) {
		return this.byFolder.computeIfAbsent(key(jobExecutionId, destinationFolder), k -> create.get());
	}

	@Override
	public synchronized void afterJob(JobExecution jobExecution) {
		this.byFolder.keySet().removeIf(key -> key.startsWith(jobExecution.getId() + "/"));
	}

	private static String key(long jobExecutionId, String destinationFolder) {
		return jobExecutionId + "/" + destinationFolder;
	}

}
