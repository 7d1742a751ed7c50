package io.mailmig.worker.progress;

import io.mailmig.common.event.Json;
import io.mailmig.common.event.MigrationEvent;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes events in the current transaction (the chunk's, the step's), so an event exists exactly when
 * the work it describes was committed. {@link OutboxRelay} publishes them to Kafka.
 */
@Component
public class EventOutbox {

	private final JdbcTemplate jdbc;

	EventOutbox(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public void append(MigrationEvent event) {
		appendAll(java.util.List.of(event));
	}

	/** Several events in one batch, in order. */
	public void appendAll(java.util.List<? extends MigrationEvent> events) {
		this.jdbc.batchUpdate("INSERT INTO event_outbox (migration_id, payload) VALUES (?, ?)", events, events.size(),
				(ps, event) -> {
					ps.setObject(1, event.migrationId());
					ps.setString(2, Json.mapper().writerFor(MigrationEvent.class).writeValueAsString(event));
				});
	}

}
