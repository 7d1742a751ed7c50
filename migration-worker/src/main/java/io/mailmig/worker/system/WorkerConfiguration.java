package io.mailmig.worker.system;

import java.time.Clock;

import io.mailmig.common.crypto.CredentialCipher;
import io.mailmig.common.event.Topics;
import io.mailmig.common.imap.AngusImapConnector;
import io.mailmig.common.imap.ImapConnector;
import io.mailmig.common.imap.ImapTimeouts;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The worker's infrastructure beans. */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

	@Bean
	CredentialCipher credentialCipher(SecurityProperties properties) {
		return new CredentialCipher(properties.encryptionKey());
	}

	@Bean
	ImapConnector imapConnector(WorkerProperties properties) {
		return new AngusImapConnector(
				new ImapTimeouts(properties.connectTimeout(), properties.readTimeout(), properties.readTimeout()));
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Runs whole passes (one job execution each). */
	@Bean
	ThreadPoolTaskExecutor passExecutor(WorkerProperties properties) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("pass-");
		executor.setCorePoolSize(properties.maxConcurrentPasses());
		executor.setMaxPoolSize(properties.maxConcurrentPasses());
		executor.setQueueCapacity(0);
		executor.setWaitForTasksToCompleteOnShutdown(false);
		return executor;
	}

	@Bean
	NewTopic migrationRequestsTopic() {
		return TopicBuilder.name(Topics.MIGRATION_REQUESTS).partitions(6).build();
	}

	@Bean
	NewTopic migrationRequestsDeadLetterTopic() {
		return TopicBuilder.name(Topics.MIGRATION_REQUESTS_DLT).partitions(1).build();
	}

	@Bean
	NewTopic migrationCommandsTopic() {
		return TopicBuilder.name(Topics.MIGRATION_COMMANDS).partitions(6).build();
	}

	@Bean
	NewTopic migrationEventsTopic() {
		return TopicBuilder.name(Topics.MIGRATION_EVENTS).partitions(6).build();
	}

}
