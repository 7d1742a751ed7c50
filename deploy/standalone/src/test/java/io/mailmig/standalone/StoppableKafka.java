package io.mailmig.standalone;

import java.nio.file.Path;

import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * A KRaft Kafka node configured as {@link EmbeddedKafka} is, but on ports fixed at creation, so that
 * it can be stopped and started again where the services expect it, with its data (topics, offsets).
 * {@link EmbeddedKafka} picks new ports at each start: the launcher's services would not find it again.
 */
final class StoppableKafka implements AutoCloseable {

	private final Path logs;

	private final int port = EmbeddedKafka.freePort();

	private final int controllerPort = EmbeddedKafka.freePort();

	private KafkaRaftServer server;

	private StoppableKafka(Path logs) {
		this.logs = logs;
	}

	/** Formats {@code logs} and starts the node. */
	static StoppableKafka start(Path logs) {
		StoppableKafka kafka = new StoppableKafka(logs);
		EmbeddedKafka.format(logs);
		return kafka.start();
	}

	/** Starts the node again, on the same ports and data. */
	synchronized StoppableKafka start() {
		if (this.server == null) {
			this.server = new KafkaRaftServer(EmbeddedKafka.config(this.logs, this.port, this.controllerPort),
					Time.SYSTEM);
			this.server.startup();
		}
		return this;
	}

	/** Stops the node; {@link #start()} starts it again. */
	synchronized void stop() {
		if (this.server != null) {
			this.server.shutdown();
			this.server.awaitShutdown();
			this.server = null;
		}
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		stop();
	}

}
