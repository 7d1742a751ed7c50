package io.mailmig.worker.copy;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * The {@link AppendRecovery} of each destination folder being copied, shared by the partitions that
 * append to it in one job execution (the UID ranges of a big folder), and dropped when the last of
 * them closes.
 */
@Component
class AppendRecoveries {

	private final Map<String, Shared> byFolder = new HashMap<>();

	synchronized AppendRecovery acquire(long jobExecutionId, String destinationFolder, Supplier<AppendRecovery> create) {
		Shared shared = this.byFolder.computeIfAbsent(key(jobExecutionId, destinationFolder),
				k -> new Shared(create.get()));
		shared.users++;
		return shared.recovery;
	}

	synchronized void release(long jobExecutionId, String destinationFolder) {
		String key = key(jobExecutionId, destinationFolder);
		Shared shared = this.byFolder.get(key);
		if (shared != null && --shared.users == 0) {
			this.byFolder.remove(key);
		}
	}

	synchronized int size() {
		return this.byFolder.size();
	}

	private static String key(long jobExecutionId, String destinationFolder) {
		return jobExecutionId + "/" + destinationFolder;
	}

	private static final class Shared {

		final AppendRecovery recovery;

		int users;

		Shared(AppendRecovery recovery) {
			this.recovery = recovery;
		}

	}

}
