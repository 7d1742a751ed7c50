package io.mailmig.api.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.mailmig.api.migration.MigrationState;

/** The state and ETA of a plan, derived from its migrations. */
final class PlanStatus {

	private PlanStatus() {
	}

	/** A plan's state from how many of its migrations are in each state. */
	static String state(Map<MigrationState, Long> counts) {
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		if (total == 0) {
			return "READY";
		}
		if (count(counts, MigrationState.QUEUED, MigrationState.RUNNING) > 0) {
			return "RUNNING";
		}
		if (count(counts, MigrationState.PENDING, MigrationState.PREFLIGHT) > 0) {
			return "PREFLIGHT";
		}
		if (count(counts, MigrationState.READY) > 0) {
			return "READY";
		}
		if (count(counts, MigrationState.SYNCED) > 0) {
			return "SYNCED";
		}
		long cancelled = count(counts, MigrationState.CANCELLED);
		if (cancelled == total) {
			return "CANCELLED";
		}
		long failed = count(counts, MigrationState.FAILED);
		if (failed == total - cancelled) {
			return "FAILED";
		}
		if (failed > 0 || count(counts, MigrationState.COMPLETED_WITH_ERRORS) > 0) {
			return "COMPLETED_WITH_ERRORS";
		}
		return "COMPLETED";
	}

	/**
	 * When the passes running now should end: what they still have to copy, at the rate they have copied
	 * so far (bytes, or messages when sizes are unknown). Null when nothing runs or no rate is known.
	 * @param running the current pass of every running migration
	 * @param now the time to measure from
	 */
	static Instant eta(List<RunningPass> running, Instant now) {
		boolean bySize = running.stream().anyMatch(p -> p.bytesTotal() > 0);
		double rate = 0;
		long remaining = 0;
		for (RunningPass pass : running) {
			long copied = bySize ? pass.bytesCopied() : pass.messagesCopied();
			long total = bySize ? pass.bytesTotal() : pass.messagesTotal();
			remaining += Math.max(0, total - copied);
			if (pass.startedAt() != null && copied > 0) {
				long millis = Duration.between(pass.startedAt(), now).toMillis();
				rate += copied / (double) Math.max(millis, 1);
			}
		}
		if (remaining == 0 || rate <= 0) {
			return null;
		}
		return now.plusMillis((long) Math.ceil(remaining / rate));
	}

	static Map<String, Long> byName(Map<MigrationState, Long> counts) {
		Map<String, Long> names = new java.util.LinkedHashMap<>();
		for (MigrationState state : MigrationState.values()) {
			names.put(state.name(), counts.getOrDefault(state, 0L));
		}
		return names;
	}

	static Map<MigrationState, Long> emptyCounts() {
		return new EnumMap<>(MigrationState.class);
	}

	private static long count(Map<MigrationState, Long> counts, MigrationState... states) {
		long n = 0;
		for (MigrationState state : states) {
			n += counts.getOrDefault(state, 0L);
		}
		return n;
	}

	/**
	 * The current pass of a running migration.
	 *
	 * @param startedAt when a worker started it, or null
	 * @param messagesCopied messages it copied so far
	 * @param messagesTotal messages it found to copy
	 * @param bytesCopied bytes it copied so far
	 * @param bytesTotal bytes it found to copy
	 */
	record RunningPass(Instant startedAt, long messagesCopied, long messagesTotal, long bytesCopied, long bytesTotal) {
	}

}
