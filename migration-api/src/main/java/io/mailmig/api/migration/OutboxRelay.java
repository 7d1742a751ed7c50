package io.mailmig.api.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mailmig.common.event.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox's requests to {@link Topics#MIGRATION_REQUESTS}, keyed by migration id, in the
 * order they were written, and deletes them once Kafka acknowledged them. While Kafka is down the rows
 * wait and nothing is lost. Several api instances may relay at once: rows are locked with SKIP LOCKED.
 * A crash between the acknowledgement and the delete publishes a request twice; the worker ignores a
 * pass it has already queued, runs or completed, so no running pass is asked twice.
 */
@Component
class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final int BATCH = 200;

	private final JdbcClient jdbc;

	private final KafkaTemplate<String, String> kafka;

	private final TransactionTemplate tx;

	private volatile boolean failing;

	OutboxRelay(JdbcClient jdbc, KafkaTemplate<String, String> kafka, TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.kafka = kafka;
		this.tx = tx;
	}

	void relay() {
		try {
			while (Boolean.TRUE.equals(this.tx.execute(status -> publishBatch()))) {
				// a full batch was published: there may be more
			}
			if (this.failing) {
				log.info("Kafka is reachable again: pending migration requests published");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				log.warn("Could not publish migration requests, they stay in the outbox: {}", ex.getMessage());
				this.failing = true;
			}
		}
	}

	private boolean publishBatch() {
		List<Long> ids = new ArrayList<>();
		List<CompletableFuture<?>> sends = new ArrayList<>();
		this.jdbc.sql("SELECT id, migration_id, topic, payload FROM request_outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")
			.param(BATCH)
			.query(rs -> {
				ids.add(rs.getLong("id"));
				sends.add(this.kafka.send(rs.getString("topic"), rs.getString("migration_id"), rs.getString("payload")));
			});
		if (ids.isEmpty()) {
			return false;
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka did not acknowledge the requests", ex);
		}
		this.jdbc.sql("DELETE FROM request_outbox WHERE id = ANY(?)").param(ids.toArray(Long[]::new)).update();
		log.debug("Published {} migration request(s)", ids.size());
		return ids.size() == BATCH;
	}

}
