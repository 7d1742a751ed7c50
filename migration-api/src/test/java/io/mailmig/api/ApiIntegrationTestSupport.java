package io.mailmig.api;

import io.mailmig.common.testing.TestInfrastructure;
import io.mailmig.common.crypto.CredentialCipher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the api application on a random port against its own PostgreSQL database and its own Kafka
 * broker; the worker's part is played by a {@link WorkerSimulator} on that broker.
 */
@SpringBootTest(classes = ApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class ApiIntegrationTestSupport {

	protected static final String KEY = CredentialCipher.generateKey();

	protected static EmbeddedKafkaKraftBroker kafka;

	protected static WorkerSimulator worker;

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcTemplate jdbc;

	protected ApiClient api;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		kafka = TestInfrastructure.newKafka();
		String brokers = kafka.getBrokersAsString();
		String database = TestInfrastructure.newDatabase();
		registry.add("spring.datasource.url", () -> database);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
		registry.add("spring.kafka.bootstrap-servers", () -> brokers);
		commonProperties(registry);
		worker = new WorkerSimulator(brokers);
	}

	/** What every api test context sets besides its database and broker. */
	public static void commonProperties(DynamicPropertyRegistry registry) {
		registry.add("mailmig.encryption-key", () -> KEY);
		registry.add("mailmig.api.tokens[0].token", () -> ApiClient.OPERATOR);
		registry.add("mailmig.api.tokens[0].role", () -> "OPERATOR");
		registry.add("mailmig.api.tokens[1].token", () -> ApiClient.VIEWER);
		registry.add("mailmig.api.tokens[1].role", () -> "VIEWER");
		registry.add("mailmig.api.outbox-interval", () -> "100ms");
		registry.add("mailmig.api.sync-check-interval", () -> "200ms");
		registry.add("mailmig.api.min-sync-interval", () -> "1s");
	}

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.port);
	}

	@AfterAll
	static void stopWorker() {
		if (worker != null) {
			worker.close();
			worker = null;
		}
	}

}
