package io.mailmig.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.mailmig.common.event.Json;
import io.mailmig.common.event.MigrationEvent;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.awaitility.Awaitility.await;

/**
 * Plays the worker's part over a real Kafka broker: reads the requests the api publishes and publishes
 * the events a worker would. Nothing is mocked: the api under test sees a broker and its topics.
 */
public final class WorkerSimulator implements AutoCloseable {

	private final KafkaConsumer<String, String> consumer;

	private final KafkaProducer<String, String> producer;

	private final List<MigrationRequest> requests = new ArrayList<>();

	private final List<String> rawRequests = new ArrayList<>();

	public WorkerSimulator(String brokers) {
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "simulated-worker-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		this.consumer = new KafkaConsumer<>(config);
		this.consumer.subscribe(List.of(Topics.MIGRATION_REQUESTS));
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
	}

	/** Every request received so far, after reading what is on the topic now. */
	public synchronized List<MigrationRequest> poll() {
		for (ConsumerRecord<String, String> record : this.consumer.poll(Duration.ofMillis(200))) {
			MigrationRequest request = Json.mapper().readValue(record.value(), MigrationRequest.class);
			if (!record.key().equals(request.migrationId().toString())) {
				throw new IllegalStateException("request keyed by " + record.key() + " for " + request.migrationId());
			}
			this.requests.add(request);
			this.rawRequests.add(record.value());
		}
		return List.copyOf(this.requests);
	}

	/** Waits until {@code count} requests in all were received; returns them all. */
	public List<MigrationRequest> awaitRequests(int count) {
		await().atMost(Duration.ofSeconds(60)).until(() -> poll().size() >= count);
		return poll();
	}

	/** The requests as published, JSON. */
	public synchronized List<String> rawRequests() {
		return List.copyOf(this.rawRequests);
	}

	public void publish(MigrationEvent... events) {
		try {
			for (MigrationEvent event : events) {
				this.producer.send(new ProducerRecord<>(Topics.MIGRATION_EVENTS, event.migrationId().toString(),
						Json.mapper().writeValueAsString(event))).get();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not publish events", ex);
		}
	}

	public static UUID id() {
		return UUID.randomUUID();
	}

	public static Instant now() {
		return Instant.now();
	}

	@Override
	public void close() {
		this.consumer.close();
		this.producer.close();
	}

}
