package io.mailmig.worker;

import io.mailmig.common.testing.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.mailmig.common.crypto.CredentialCipher;
import io.mailmig.common.crypto.SealedCredentials;
import io.mailmig.common.event.Json;
import io.mailmig.common.event.MigrationEvent;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.event.Topics;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.MigrationOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * Runs the worker application against real parts: its own PostgreSQL database, its own Kafka broker
 * (KRaft), and the IMAP servers each test starts. Requests go in through Kafka and events are read back
 * from Kafka, as in production.
 */
@SpringBootTest(classes = WorkerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class WorkerIntegrationTestSupport {

	protected static final String KEY = CredentialCipher.generateKey();

	protected static final CredentialCipher CIPHER = new CredentialCipher(KEY);

	protected static EmbeddedKafkaKraftBroker kafka;

	protected static String databaseUrl;

	@Autowired
	protected JdbcTemplate jdbc;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		kafka = TestInfrastructure.newKafka();
		databaseUrl = TestInfrastructure.newDatabase();
		String brokers = kafka.getBrokersAsString();
		String url = databaseUrl;
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
		registry.add("spring.kafka.bootstrap-servers", () -> brokers);
		registry.add("mailmig.encryption-key", () -> KEY);
		registry.add("mailmig.worker.lease-duration", () -> "3s");
		registry.add("mailmig.worker.poll-interval", () -> "200ms");
		registry.add("mailmig.worker.transient-backoff", () -> "200ms");
		registry.add("mailmig.worker.pass-retry-delay", () -> "1s");
		registry.add("mailmig.worker.outbox-interval", () -> "100ms");
		registry.add("mailmig.worker.chunk-messages", () -> "20");
	}

	static MigrationRequest request(UUID migrationId, int pass, ImapEndpoint source, Credentials sourceLogin,
			ImapEndpoint destination, Credentials destinationLogin, MigrationOptions options) {
		return new MigrationRequest(migrationId, pass, source, SealedCredentials.seal(sourceLogin, CIPHER), destination,
				SealedCredentials.seal(destinationLogin, CIPHER), options, Instant.now());
	}

	protected static void publish(MigrationRequest request) {
		publish(kafka.getBrokersAsString(), request);
	}

	protected static void cancel(UUID migrationId) {
		send(kafka.getBrokersAsString(), Topics.MIGRATION_COMMANDS, migrationId.toString(),
				Json.mapper().writeValueAsString(new io.mailmig.common.event.CancelMigration(migrationId, Instant.now())));
	}

	static void publish(String brokers, MigrationRequest request) {
		send(brokers, Topics.MIGRATION_REQUESTS, request.migrationId().toString(), Json.mapper().writeValueAsString(request));
	}

	private static void send(String brokers, String topic, String key, String value) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
			producer.send(new ProducerRecord<>(topic, key, value)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not publish to " + topic, ex);
		}
	}

	/** Every event of the migration, read back from Kafka once the outbox is drained. */
	protected List<MigrationEvent> events(UUID migrationId) {
		return events(this.jdbc, kafka.getBrokersAsString(), migrationId);
	}

	static List<MigrationEvent> events(JdbcTemplate jdbc, String brokers, UUID migrationId) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM event_outbox", Long.class) == 0);
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		List<MigrationEvent> events = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			consumer.subscribe(List.of(Topics.MIGRATION_EVENTS));
			int emptyPolls = 0;
			while (emptyPolls < 3) {
				var records = consumer.poll(Duration.ofMillis(500));
				if (records.isEmpty() && !consumer.assignment().isEmpty()) {
					emptyPolls++;
				}
				for (ConsumerRecord<String, String> r : records) {
					if (r.key().equals(migrationId.toString())) {
						events.add(Json.mapper().readValue(r.value(), MigrationEvent.class));
					}
				}
			}
		}
		return events;
	}

	/** Waits until the pass is COMPLETED or FAILED in the worker's queue; returns the state. */
	protected String awaitPassEnd(MigrationRequest request, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
			String state = passState(request);
			return "COMPLETED".equals(state) || "FAILED".equals(state);
		});
		return passState(request);
	}

	protected String passState(MigrationRequest request) {
		return passState(this.jdbc, request);
	}

	static String passState(JdbcTemplate jdbc, MigrationRequest request) {
		List<String> states = jdbc.queryForList("SELECT state FROM mailbox_pass WHERE pass_key = ?", String.class,
				request.passKey());
		return states.isEmpty() ? null : states.get(0);
	}

}
