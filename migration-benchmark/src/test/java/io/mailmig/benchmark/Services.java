package io.mailmig.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.mailmig.common.crypto.CredentialCipher;
import io.mailmig.common.event.Topics;
import io.mailmig.common.testing.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.awaitility.Awaitility.await;

/**
 * The service under test as in production: {@code migration-api.jar} and {@code migration-worker.jar},
 * each in its own JVM with its own database, talking through a Kafka broker (KRaft). The worker's heap is
 * sampled from the start.
 */
final class Services implements AutoCloseable {

	/** Intervals shortened from their defaults (1 s poll, 200 ms outboxes) so that they do not dominate short runs. */
	static final String SETTINGS = "worker poll-interval 100ms, outbox-interval 100ms; api outbox-interval 100ms; "
			+ "everything else at its defaults" + (workerOverrides().isEmpty() ? "" : " except " + workerOverrides());

	/** {@code -Dbenchmark.worker.x=y} sets the worker's {@code mailmig.worker.x=y}, to compare settings. */
	static Map<String, String> workerOverrides() {
		Map<String, String> overrides = new java.util.TreeMap<>();
		System.getProperties().stringPropertyNames()
			.stream()
			.filter(name -> name.startsWith("benchmark.worker."))
			.forEach(name -> overrides.put("mailmig.worker." + name.substring("benchmark.worker.".length()),
					System.getProperty(name)));
		return overrides;
	}

	final JarProcess worker;

	final JarProcess api;

	final WorkerJvm workerJvm;

	final ApiClient client;

	final String workerDatabase;

	private Services(JarProcess worker, JarProcess api, WorkerJvm workerJvm, ApiClient client,
			String workerDatabase) {
		this.worker = worker;
		this.api = api;
		this.workerJvm = workerJvm;
		this.client = client;
		this.workerDatabase = workerDatabase;
	}

	/**
	 * CPU milliseconds the worker's JIT compiler threads have used so far. Unlike
	 * {@code jvm_compilation_time_ms_total}, which sums the wall time of each compilation and so counts
	 * the time a compiler thread waited for a core, on a busy 2-core machine several times its CPU time.
	 * HotSpot there has one C1 and one C2 compiler thread, for the JVM's life.
	 */
	long workerJitCpuMillis() {
		return this.worker.threadCpuMillis("C1 CompilerThre", "C2 CompilerThre");
	}

	/** Starts both and waits until they answer and their Kafka consumers have their partitions. */
	static Services start(EmbeddedKafkaKraftBroker kafka, String workerXmx) {
		String key = CredentialCipher.generateKey();
		String token = UUID.randomUUID().toString();
		String workerDatabase = TestInfrastructure.newDatabase();
		int workerPort = TestInfrastructure.freePort();
		int apiPort = TestInfrastructure.freePort();

		Map<String, String> worker = common(kafka, key, workerDatabase, workerPort);
		worker.put("mailmig.worker.poll-interval", "100ms");
		worker.put("mailmig.worker.outbox-interval", "100ms");
		worker.put("logging.level.io.mailmig", "WARN");
		worker.putAll(workerOverrides());
		Map<String, String> api = common(kafka, key, TestInfrastructure.newDatabase(), apiPort);
		api.put("mailmig.api.tokens[0].token", token);
		api.put("mailmig.api.tokens[0].role", "OPERATOR");
		api.put("mailmig.api.outbox-interval", "100ms");

		// -Dbenchmark.jvm="-XX:StartFlightRecording=filename=/tmp/worker.jfr": more JVM options for the worker
		WorkerJvm workerJvm;
		try {
			workerJvm = new WorkerJvm(Files.createTempFile("migration-worker-gc-", ".log"), workerPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		java.util.List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx" + workerXmx, workerJvm.jvmOption()));
		String extra = System.getProperty("benchmark.jvm", "").strip();
		if (!extra.isEmpty()) {
			jvm.addAll(java.util.List.of(extra.split("\\s+")));
		}
		JarProcess workerProcess = JarProcess.start("migration-worker", worker, jvm.toArray(String[]::new));
		JarProcess apiProcess = JarProcess.start("migration-api", api, "-Xmx512m");
		ApiClient client = new ApiClient(apiPort, token);
		Services services = new Services(workerProcess, apiProcess, workerJvm, client, workerDatabase);
		try {
			services.awaitReady(kafka);
			return services;
		}
		catch (RuntimeException | Error ex) {
			String logs = services.logTails();
			services.close();
			throw new IllegalStateException("the api and the worker did not both start:\n" + logs, ex);
		}
	}

	private static Map<String, String> common(EmbeddedKafkaKraftBroker kafka, String key, String database, int port) {
		Map<String, String> p = new LinkedHashMap<>();
		p.put("spring.datasource.url", database);
		p.put("spring.datasource.username", "postgres");
		p.put("spring.datasource.password", "postgres");
		p.put("spring.kafka.bootstrap-servers", kafka.getBrokersAsString());
		p.put("mailmig.encryption-key", key);
		p.put("server.port", String.valueOf(port));
		return p;
	}

	private void awaitReady(EmbeddedKafkaKraftBroker kafka) {
		await("the api and the worker up").atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.failFast("the worker died at start", () -> !this.worker.isAlive())
			.failFast("the api died at start", () -> !this.api.isAlive())
			.until(() -> this.client.isUp() && this.workerJvm.isUp());
		Properties admin = new Properties();
		admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
		try (Admin kafkaAdmin = Admin.create(admin)) {
			await("the worker's and the api's consumers assigned their partitions").atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> assigned(kafkaAdmin, Topics.MIGRATION_REQUESTS) > 0
						&& assigned(kafkaAdmin, Topics.MIGRATION_EVENTS) > 0);
		}
	}

	/** Partitions of the topic assigned to a consumer, whatever its group. */
	private static long assigned(Admin admin, String topic) throws Exception {
		List<String> groups = admin.listGroups().all().get().stream().map(g -> g.groupId()).toList();
		return admin.describeConsumerGroups(groups)
			.all()
			.get()
			.values()
			.stream()
			.flatMap(g -> g.members().stream())
			.flatMap(m -> m.assignment().topicPartitions().stream())
			.filter(tp -> tp.topic().equals(topic))
			.count();
	}

	/** A connection to the worker's database (its Spring Batch tables and ledger). */
	Connection workerDatabase() throws SQLException {
		return DriverManager.getConnection(this.workerDatabase, "postgres", "postgres");
	}

	/** Both logs' last lines, for failure messages. */
	String logTails() {
		return this.worker.logTail() + "\n\n" + this.api.logTail();
	}

	@Override
	public void close() {
		this.api.close();
		this.worker.close();
	}

}
