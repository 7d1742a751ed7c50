package io.mailmig.worker.launch;

import io.mailmig.common.event.Json;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Takes migration requests from Kafka into the pass queue. The queue is idempotent, so a request
 * delivered twice is queued once; the offset is committed once the pass is stored.
 */
@Component
class MigrationRequestListener {

	private static final Logger log = LoggerFactory.getLogger(MigrationRequestListener.class);

	private final PassQueue queue;

	private final PassScheduler scheduler;

	MigrationRequestListener(PassQueue queue, PassScheduler scheduler) {
		this.queue = queue;
		this.scheduler = scheduler;
	}

	@KafkaListener(id = "migration-requests", topics = Topics.MIGRATION_REQUESTS)
	void onRequest(ConsumerRecord<String, String> record) {
		MigrationRequest request = Json.mapper().readValue(record.value(), MigrationRequest.class);
		if (this.queue.enqueue(request)) {
			log.info("Queued pass {} ({} -> {})", request.passKey(), request.sourceCredentials().mailbox(),
					request.destinationCredentials().mailbox());
			this.scheduler.claimPasses(); // at once, not at the next poll
		}
		else {
			log.info("Pass {} is already queued, running or completed: request ignored", request.passKey());
		}
	}

}
