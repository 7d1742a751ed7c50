package io.mailmig.worker.system;

import java.time.Clock;

import javax.sql.DataSource;

import io.mailmig.common.crypto.CredentialCipher;
import io.mailmig.common.event.Topics;
import io.mailmig.common.imap.AngusImapConnector;
import io.mailmig.common.imap.ImapTimeouts;
import io.mailmig.worker.connection.ConnectionSlots;
import io.mailmig.worker.connection.LimitedImapConnector;
import io.mailmig.worker.copy.SpoolMemory;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The worker's infrastructure beans. */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

	@Bean
	CredentialCipher credentialCipher(SecurityProperties properties) {
		return new CredentialCipher(properties.encryptionKey());
	}

	/**
	 * The one lock connection of the connection cap (ADR 6) is made like the pool's connections, but
	 * outside the pool: it stays open for the worker's life, and its locks must not go back to a pool.
	 */
	@Bean(destroyMethod = "close")
	ConnectionSlots connectionSlots(DataSource dataSource, WorkerProperties properties, MeterRegistry registry) {
		DataSource lockDatabase = DataSourceBuilder.derivedFrom(dataSource).type(SimpleDriverDataSource.class).build();
		return new ConnectionSlots(lockDatabase, properties.maxConnectionsPerServer(),
				properties.serverConnectionLimits(), properties.connectionWait(), registry);
	}

	/** Every IMAP session the worker opens holds a slot of its server. */
	@Bean
	LimitedImapConnector imapConnector(WorkerProperties properties, ConnectionSlots connectionSlots) {
		return new LimitedImapConnector(new AngusImapConnector(
				new ImapTimeouts(properties.connectTimeout(), properties.readTimeout(), properties.readTimeout())),
				connectionSlots);
	}

	/** Memory for large messages between fetch and read-back, shared by every pass of this worker (ADR 10). */
	@Bean
	SpoolMemory spoolMemory(WorkerProperties properties) {
		long budget = properties.spoolMemoryBytes();
		return new SpoolMemory(budget, budget / 4);
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
		// the scheduler claims at most max-concurrent-passes; a pass claimed as another one ends may wait
		// here the instant that pass's thread needs to become free
		executor.setQueueCapacity(properties.maxConcurrentPasses());
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
