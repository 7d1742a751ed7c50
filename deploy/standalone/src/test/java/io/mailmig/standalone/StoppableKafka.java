package io.mailmig.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A KRaft Kafka node configured as {@link EmbeddedKafka} is, but on ports fixed at creation, so that
 * it can be stopped and started again where the services expect it, with its data (topics, offsets).
 * {@link EmbeddedKafka} picks new ports at each start: the launcher's services would not find it again.
 */
final class StoppableKafka implements AutoCloseable {

	private final Path logs;

	private final int port = freePort();

	private final int controllerPort = freePort();

	private KafkaRaftServer server;

	private StoppableKafka(Path logs) {
		this.logs = logs;
	}

	/** Formats {@code logs} and starts the node. */
	static StoppableKafka start(Path logs) {
		StoppableKafka kafka = new StoppableKafka(logs);
		try {
			new Formatter().setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
				.setClusterId(Uuid.randomUuid().toString())
				.setNodeId(1)
				.setControllerListenerName("CONTROLLER")
				.setMetadataLogDirectory(logs.toString())
				.setDirectories(Set.of(logs.toString()))
				.setReleaseVersion(MetadataVersion.latestProduction())
				.run();
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not format Kafka storage in " + logs, ex);
		}
		return kafka.start();
	}

	/** Starts the node again, on the same ports and data. */
	synchronized StoppableKafka start() {
		if (this.server == null) {
			Map<String, Object> config = new HashMap<>();
			config.put("process.roles", "broker,controller");
			config.put("node.id", "1");
			config.put("controller.quorum.voters", "1@127.0.0.1:" + this.controllerPort);
			config.put("listeners",
					"PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + this.controllerPort);
			config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + this.port);
			config.put("controller.listener.names", "CONTROLLER");
			config.put("inter.broker.listener.name", "PLAINTEXT");
			config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
			config.put("log.dirs", this.logs.toString());
			config.put("num.partitions", "6");
			config.put("offsets.topic.replication.factor", "1");
			config.put("offsets.topic.num.partitions", "6");
			config.put("transaction.state.log.replication.factor", "1");
			config.put("transaction.state.log.min.isr", "1");
			config.put("transaction.state.log.num.partitions", "6");
			config.put("share.coordinator.state.topic.replication.factor", "1");
			config.put("share.coordinator.state.topic.min.isr", "1");
			config.put("group.initial.rebalance.delay.ms", "0");
			config.put("broker.session.timeout.ms", "3000");
			config.put("broker.heartbeat.interval.ms", "1000");
			this.server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
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

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		stop();
	}

}
