package io.mailmig.api.system;

import java.time.Duration;

import io.mailmig.common.event.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Topics (the same partitions the worker declares) and what the events listener does when applying an
 * event fails: retry with backoff (the database may be restarting), except for a payload that cannot
 * be read, which no retry fixes: it is logged and skipped.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

	@Bean
	NewTopic migrationRequestsTopic() {
		return TopicBuilder.name(Topics.MIGRATION_REQUESTS).partitions(6).build();
	}

	@Bean
	NewTopic migrationCommandsTopic() {
		return TopicBuilder.name(Topics.MIGRATION_COMMANDS).partitions(6).build();
	}

	@Bean
	NewTopic migrationEventsTopic() {
		return TopicBuilder.name(Topics.MIGRATION_EVENTS).partitions(6).build();
	}

	/** Replaces Boot's logging listener, which logs payloads: requests carry sealed credentials. */
	@Bean
	ProducerListener<Object, Object> producerListener() {
		return new ProducerListener<>() {

			@Override
			public void onError(ProducerRecord<Object, Object> record, RecordMetadata metadata, Exception ex) {
				log.debug("Could not send to {} (key {}): {}", record.topic(), record.key(), ex.getMessage());
			}

		};
	}

	@Bean
	CommonErrorHandler eventsErrorHandler() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
		backOff.setMaxInterval(Duration.ofSeconds(30).toMillis());
		backOff.setMaxElapsedTime(Duration.ofMinutes(15).toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> log.error(
				"Event at {}-{}@{} skipped after retries: {}", record.topic(), record.partition(), record.offset(),
				ex.getMessage()), backOff);
		handler.addNotRetryableExceptions(JacksonException.class, IllegalArgumentException.class);
		return handler;
	}

}
