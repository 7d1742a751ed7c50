package io.mailmig.api.progress;

import io.mailmig.common.event.Json;
import io.mailmig.common.event.MigrationEvent;
import io.mailmig.common.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the read model from {@link Topics#MIGRATION_EVENTS}. The offset is committed after the event is
 * applied, so an event is applied at least once, and exactly once thanks to the {@code eventId} check;
 * then metrics and server-sent event clients are told.
 */
@Component
class MigrationEventsListener {

	private final ReadModel readModel;

	private final ProgressMetrics metrics;

	private final ProgressStream stream;

	MigrationEventsListener(ReadModel readModel, ProgressMetrics metrics, ProgressStream stream) {
		this.readModel = readModel;
		this.metrics = metrics;
		this.stream = stream;
	}

	@KafkaListener(id = "mailmig-api-events", topics = Topics.MIGRATION_EVENTS)
	void onEvent(ConsumerRecord<String, String> record) {
		MigrationEvent event = Json.mapper().readValue(record.value(), MigrationEvent.class);
		this.readModel.apply(event).ifPresent(applied -> {
			this.metrics.record(applied);
			this.stream.publish(applied.update());
		});
	}

}
