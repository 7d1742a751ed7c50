package io.mailmig.worker.launch;

import io.mailmig.common.event.Topics;
import org.apache.kafka.common.TopicPartition;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A request that cannot be read goes to {@link Topics#MIGRATION_REQUESTS_DLT} instead of blocking
 * the partition; a database hiccup is retried with backoff first.
 */
@Configuration(proxyBeanMethods = false)
class RequestErrorHandling {

	@Bean
	CommonErrorHandler requestErrorHandler(KafkaTemplate<Object, Object> template) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(Topics.MIGRATION_REQUESTS_DLT, 0));
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
		backOff.setMaxElapsedTime(30_000);
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
		handler.addNotRetryableExceptions(tools.jackson.core.JacksonException.class, IllegalArgumentException.class,
				NullPointerException.class);
		return handler;
	}

}
