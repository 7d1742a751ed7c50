package io.mailmig.worker.progress;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The worker's migration metrics, exposed on {@code /actuator/prometheus}: messages and bytes copied,
 * messages skipped by reason, pass durations by outcome. Chunk figures are counted once the chunk's
 * transaction commits, so a rolled-back chunk counts nothing.
 */
@Component
public class CopyMetrics {

	private final MeterRegistry registry;

	private final Counter messages;

	private final Counter bytes;

	CopyMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.messages = Counter.builder("mailmig.messages.copied")
			.description("Messages appended at destinations")
			.register(registry);
		this.bytes = Counter.builder("mailmig.bytes.copied")
			.description("Bytes appended at destinations")
			.baseUnit("bytes")
			.register(registry);
	}

	/** Counts a chunk once its transaction commits. */
	public void chunkCopied(long messageCount, long byteCount, java.util.Map<String, Long> skippedByReason) {
		Runnable count = () -> {
			this.messages.increment(messageCount);
			this.bytes.increment(byteCount);
			skippedByReason.forEach((reason, n) -> Counter.builder("mailmig.messages.skipped")
				.description("Messages not copied, by reason")
				.tag("reason", reason)
				.register(this.registry)
				.increment(n));
		};
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					count.run();
				}
			});
		}
		else {
			count.run();
		}
	}

	public void passEnded(String outcome, Duration duration) {
		Timer.builder("mailmig.pass.duration")
			.description("Duration of mailbox passes, by outcome")
			.tag("outcome", outcome)
			.register(this.registry)
			.record(duration);
	}

}
