package io.mailmig.worker.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mailmig.common.event.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed events to {@link Topics#MIGRATION_EVENTS}, keyed by migration id, in the order
 * they were written, and deletes them once Kafka has acknowledged them. Several workers may relay at
 * once: rows are locked with SKIP LOCKED. When Kafka is down the rows wait: nothing is lost; a crash
 * between the acknowledgement and the delete publishes a batch twice, so readers de-duplicate by
 * {@code eventId}.
 */
@Component
class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final int BATCH = 500;

	private final JdbcTemplate jdbc;

	private final KafkaTemplate<String, String> kafka;

	private final TransactionTemplate tx;

	OutboxRelay(JdbcTemplate jdbc, KafkaTemplate<String, String> kafka, TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.kafka = kafka;
		this.tx = tx;
	}

	@Scheduled(fixedDelayString = "${mailmig.worker.outbox-interval:200ms}")
	void relay() {
		try {
			while (Boolean.TRUE.equals(this.tx.execute(status -> publishBatch()))) {
				// a full batch was published: there may be more
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not publish progress events, will retry: {}", ex.getMessage());
		}
	}

	private boolean publishBatch() {
		List<Long> ids = new ArrayList<>();
		List<CompletableFuture<?>> sends = new ArrayList<>();
		this.jdbc.query("SELECT id, migration_id, payload FROM event_outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
				rs -> {
					ids.add(rs.getLong(1));
					sends.add(this.kafka.send(Topics.MIGRATION_EVENTS, rs.getString(2), rs.getString(3)));
				}, BATCH);
		if (ids.isEmpty()) {
			return false;
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka did not acknowledge the events", ex);
		}
		this.jdbc.batchUpdate("DELETE FROM event_outbox WHERE id = ?", ids, ids.size(), (ps, id) -> ps.setLong(1, id));
		return ids.size() == BATCH;
	}

}
