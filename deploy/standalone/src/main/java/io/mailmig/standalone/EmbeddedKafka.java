package io.mailmig.standalone;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single Kafka node in KRaft mode (broker and controller in one), its logs in
 * {@code <data dir>/kafka}, kept across restarts. The directory is formatted on first start, with a new
 * cluster id that {@code meta.properties} keeps from then on. Both ports are picked anew at each start:
 * the services are told where the broker is, and the quorum's only voter is this node.
 */
final class EmbeddedKafka implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

	private final KafkaRaftServer server;

	private final int port;

	private EmbeddedKafka(KafkaRaftServer server, int port) {
		this.server = server;
		this.port = port;
	}

	static EmbeddedKafka start(Path dataDirectory) {
		Path logs = dataDirectory.resolve("kafka");
		int port = freePort();
		int controllerPort = freePort();
		if (!Files.exists(logs.resolve("meta.properties"))) {
			format(logs);
		}
		KafkaRaftServer server = new KafkaRaftServer(config(logs, port, controllerPort), Time.SYSTEM);
		server.startup();
		return new EmbeddedKafka(server, port);
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/**
	 * The node's configuration: broker and controller in one, on {@code port} and {@code controllerPort},
	 * its logs in {@code logs}; one replica of everything.
	 */
	static KafkaConfig config(Path logs, int port, int controllerPort) {
		Map<String, Object> config = new HashMap<>();
		config.put("process.roles", "broker,controller");
		config.put("node.id", "1");
		config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
		config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
		config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
		config.put("controller.listener.names", "CONTROLLER");
		config.put("inter.broker.listener.name", "PLAINTEXT");
		config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		config.put("log.dirs", logs.toString());
		config.put("num.partitions", "6");
		config.put("offsets.topic.replication.factor", "1");
		config.put("offsets.topic.num.partitions", "6");
		config.put("transaction.state.log.replication.factor", "1");
		config.put("transaction.state.log.min.isr", "1");
		config.put("transaction.state.log.num.partitions", "6");
		config.put("share.coordinator.state.topic.replication.factor", "1");
		config.put("share.coordinator.state.topic.min.isr", "1");
		config.put("group.initial.rebalance.delay.ms", "0");
		// after a crash the node re-registers once its previous registration expired: 9s by default
		config.put("broker.session.timeout.ms", "3000");
		config.put("broker.heartbeat.interval.ms", "1000");
		return new KafkaConfig(config, false);
	}

	/** Formats {@code logs} for a new single-node cluster, with a new cluster id. */
	static void format(Path logs) {
		try {
			Files.createDirectories(logs);
			String clusterId = Uuid.randomUuid().toString();
			new Formatter().setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
				.setClusterId(clusterId)
				.setNodeId(1)
				.setControllerListenerName("CONTROLLER")
				.setMetadataLogDirectory(logs.toString())
				.setDirectories(Set.of(logs.toString()))
				.setReleaseVersion(MetadataVersion.latestProduction())
				.run();
			log.info("Kafka storage formatted in {} (cluster {})", logs, clusterId);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not format Kafka storage in " + logs, ex);
		}
	}

	/** A port free on loopback now. */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.server.shutdown();
		this.server.awaitShutdown();
	}

}
