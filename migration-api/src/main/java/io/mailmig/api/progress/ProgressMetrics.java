package io.mailmig.api.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import io.mailmig.api.migration.MigrationState;
import io.mailmig.common.event.FolderCopyProgressed;
import io.mailmig.common.event.MessageSkipped;
import io.mailmig.common.event.MigrationCompleted;
import io.mailmig.common.event.MigrationFailed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Migration metrics for Prometheus: {@code mailmig_migrations{state}} (gauge, from the database, so
 * every api instance reports the same), and, counted as this instance applies events,
 * {@code mailmig_messages_copied_total}, {@code mailmig_bytes_copied_total},
 * {@code mailmig_messages_skipped_total{reason}} and {@code mailmig_pass_duration_seconds{outcome}}.
 */
@Component
class ProgressMetrics {

	/** Scrapes closer than this share one count query. */
	private static final Duration STATE_CACHE = Duration.ofSeconds(5);

	private final MeterRegistry registry;

	private final JdbcClient jdbc;

	private final Counter messagesCopied;

	private final Counter bytesCopied;

	private volatile Map<MigrationState, Long> states = new EnumMap<>(MigrationState.class);

	private volatile Instant statesAt = Instant.EPOCH;

	ProgressMetrics(MeterRegistry registry, JdbcClient jdbc) {
		this.registry = registry;
		this.jdbc = jdbc;
		this.messagesCopied = Counter.builder("mailmig.messages.copied")
			.description("Messages appended to destination mailboxes")
			.register(registry);
		this.bytesCopied = Counter.builder("mailmig.bytes.copied")
			.description("Bytes appended to destination mailboxes")
			.baseUnit("bytes")
			.register(registry);
		for (MigrationState state : MigrationState.values()) {
			Gauge.builder("mailmig.migrations", this, metrics -> metrics.count(state))
				.description("Mailbox migrations by state")
				.tag("state", state.name())
				.register(registry);
		}
	}

	void record(ReadModel.Applied applied) {
		if (applied.event() instanceof FolderCopyProgressed progressed) {
			this.messagesCopied.increment(progressed.chunkMessages());
			this.bytesCopied.increment(progressed.chunkBytes());
		}
		else if (applied.event() instanceof MessageSkipped skipped) {
			Counter.builder("mailmig.messages.skipped")
				.description("Messages not copied, by reason")
				.tag("reason", skipped.reason().name())
				.register(this.registry)
				.increment();
		}
		if (applied.passDuration() != null) {
			String outcome = applied.event() instanceof MigrationCompleted ? "completed"
					: applied.event() instanceof MigrationFailed ? "failed" : "other";
			Timer.builder("mailmig.pass.duration")
				.description("How long mailbox passes ran")
				.tag("outcome", outcome)
				.register(this.registry)
				.record(applied.passDuration());
		}
	}

	private double count(MigrationState state) {
		if (Duration.between(this.statesAt, Instant.now()).compareTo(STATE_CACHE) > 0) {
			Map<MigrationState, Long> counts = new EnumMap<>(MigrationState.class);
			this.jdbc.sql("SELECT state, count(*) AS n FROM migration GROUP BY state")
				.query(rs -> {
					counts.put(MigrationState.valueOf(rs.getString("state")), rs.getLong("n"));
				});
			this.states = counts;
			this.statesAt = Instant.now();
		}
		return this.states.getOrDefault(state, 0L);
	}

}
