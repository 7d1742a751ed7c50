package io.mailmig.worker.launch;

import java.time.Instant;
import java.util.UUID;

import io.mailmig.common.event.CancelMigration;
import io.mailmig.common.event.Json;
import io.mailmig.common.event.MigrationCancelled;
import io.mailmig.common.event.Topics;
import io.mailmig.worker.progress.EventOutbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes cancel commands: queued passes are cancelled at once (and reported), running ones are marked for
 * the worker that runs them, which stops them at the next chunk boundary.
 */
@Component
class MigrationCommandListener {

	private static final Logger log = LoggerFactory.getLogger(MigrationCommandListener.class);

	private final PassQueue queue;

	private final EventOutbox outbox;

	private final TransactionTemplate tx;

	MigrationCommandListener(PassQueue queue, EventOutbox outbox, TransactionTemplate tx) {
		this.queue = queue;
		this.outbox = outbox;
		this.tx = tx;
	}

	@KafkaListener(id = "migration-commands", topics = Topics.MIGRATION_COMMANDS)
	void onCommand(ConsumerRecord<String, String> record) {
		CancelMigration cancel = Json.mapper().readValue(record.value(), CancelMigration.class);
		this.tx.executeWithoutResult(status -> this.queue.cancel(cancel.migrationId(), cancel.requestedAt())
			.forEach(request -> this.outbox.append(new MigrationCancelled(UUID.randomUUID(), request.migrationId(),
					request.pass(), Instant.now(), 0))));
		log.info("Migration {} cancelled", cancel.migrationId());
	}

}
