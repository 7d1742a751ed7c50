package io.mailmig.api.migration;

import io.mailmig.common.testing.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.mailmig.api.ApiClient;
import io.mailmig.api.ApiClient.Response;
import io.mailmig.api.ApiIntegrationTestSupport;
import io.mailmig.api.TestImap;
import io.mailmig.common.event.MigrationRequest;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The transactional outbox when Kafka cannot be reached: the api's producer starts pointed at a port
 * where no broker listens, takes a plan, and publishes its requests once it reaches the real broker,
 * each exactly once.
 */
class OutboxIntegrationTests extends ApiIntegrationTestSupport {

	@Autowired
	DefaultKafkaProducerFactory<String, String> producers;

	@DynamicPropertySource
	static void unreachableKafka(DynamicPropertyRegistry registry) {
		int deadPort = TestInfrastructure.freePort();
		registry.add("spring.kafka.producer.bootstrap-servers", () -> "localhost:" + deadPort);
		registry.add("spring.kafka.producer.properties.max.block.ms", () -> "1000");
	}

	@Test
	void requestsShouldBePublishedOnceEachWhenKafkaBecomesReachableAfterThePlanWasCreated() {
		// given: Kafka cannot be reached
		String accounts = Stream.of("a", "b", "c")
			.map(u -> "{\"sourceUser\": \"%s@old\", \"sourcePassword\": \"%s\", \"destinationUser\": \"%s@new\", \"destinationPassword\": \"%s\"}"
				.formatted(u, TestImap.sourcePassword(u), u, TestImap.destinationPassword(u)))
			.collect(Collectors.joining(", "));
		Response created = this.api.post("/api/v1/plans", """
				{"name": "while kafka is down", "source": %s, "destination": %s, "accounts": [%s]}"""
			.formatted(TestImap.endpoint(TestImap.source()), TestImap.endpoint(TestImap.destination()), accounts),
				ApiClient.OPERATOR);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		// pre-flight passes and queues them, but they cannot leave the outbox
		await().atMost(Duration.ofSeconds(30)).until(this::pending, n -> n == 3);
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(this::pending, n -> n == 3);
		assertThat(worker.poll()).isEmpty();

		// when: Kafka becomes reachable
		this.producers.updateConfigs(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()));
		this.producers.reset();

		// then: every request is published, once
		List<MigrationRequest> requests = worker.awaitRequests(3);
		await().atMost(Duration.ofSeconds(30)).until(this::pending, n -> n == 0);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> worker.poll().size() == 3);
		assertThat(requests).extracting(r -> r.sourceCredentials().mailbox())
			.containsExactlyInAnyOrder("a@old", "b@old", "c@old");
		assertThat(requests).extracting(MigrationRequest::pass).containsOnly(1);
		assertThat(requests).extracting(MigrationRequest::migrationId).doesNotHaveDuplicates();
	}

	private long pending() {
		return this.jdbc.queryForObject("SELECT count(*) FROM request_outbox", Long.class);
	}

}
