package io.mailmig.worker;

import io.mailmig.common.testing.TestInfrastructure;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.model.MigrationOptions;
import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.DovecotServer.SpecialUseFolders;
import io.mailmig.common.testing.TestMessages;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The copy engine's benchmark: a deterministic corpus in a private Dovecot (source {@code .} with French
 * special-use names), an empty private Dovecot destination ({@code /}, English names), the worker jar in
 * its own JVM fed through Kafka, PostgreSQL for its state. Prints messages/s, MB/s, the re-run time,
 * the worker's peak heap and RSS, and checks the destination is identical to the source.
 * <p>
 * Run: {@code ./mvnw -B -Pbenchmark -pl migration-worker -am verify -Dbenchmark.profile=mailbox}
 * (profiles: {@code mailbox}, {@code attachments}, {@code small}; {@code -Dbenchmark.xmx=256m}).
 */
class CopyBenchmark {

	static final EmbeddedKafkaKraftBroker kafka = TestInfrastructure.newKafka();

	static final String databaseUrl = TestInfrastructure.newDatabase();

	final JdbcTemplate db = new JdbcTemplate(new DriverManagerDataSource(databaseUrl, "postgres", "postgres"));

	@Test
	void benchmark() throws Exception {
		String profile = System.getProperty("benchmark.profile", "mailbox");
		String xmx = System.getProperty("benchmark.xmx", "512m");
		Corpus corpus = Corpus.of(profile);
		try (DovecotServer source = DovecotServer.builder().separator('.').specialUse(SpecialUseFolders.FRENCH).users(1).build().start();
				DovecotServer destination = DovecotServer.builder()
					.separator('/')
					.specialUse(SpecialUseFolders.ENGLISH)
					.users(1)
					.build()
					.start()) {
			long loadStart = System.nanoTime();
			long bytes = corpus.load(source);
			System.out.printf("%n== benchmark profile '%s': %d messages in %d folders, %.1f MB (loaded in %.1f s)%n",
					profile, corpus.messages(), corpus.folders().size(), bytes / 1e6, seconds(loadStart));
			int port = freePort();
			Map<String, String> properties = workerProperties(port);
			try (WorkerProcess worker = WorkerProcess.start("benchmark", properties, "-Xmx" + xmx)) {
				HeapSampler heap = new HeapSampler(port);
				UUID migrationId = UUID.randomUUID();
				MigrationRequest first = WorkerIntegrationTestSupport.request(migrationId, 1, source.endpoint(),
						source.credentials("user1"), destination.endpoint(), destination.credentials("user1"),
						MigrationOptions.DEFAULTS);
				await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> heap.sample() > 0);
				long passStart = System.nanoTime();
				WorkerIntegrationTestSupport.publish(kafka.getBrokersAsString(), first);
				awaitCompleted(first, worker, heap);
				double pass = seconds(passStart);
				Map<String, Double> steps = stepSeconds(first);
				double copy = steps.getOrDefault("copyFolders", pass);
				long copied = this.db.queryForObject("SELECT count(*) FROM message_ledger WHERE pass_key = ?", Long.class,
						first.passKey());
				long copiedBytes = this.db.queryForObject(
						"SELECT coalesce(sum(size), 0) FROM message_ledger WHERE pass_key = ?", Long.class, first.passKey());
				System.out.printf("copy step:  %6.1f s  %8.0f msg/s  %7.1f MB/s  (%d messages, %.1f MB)%n", copy,
						copied / copy, copiedBytes / 1e6 / copy, copied, copiedBytes / 1e6);
				System.out.printf("whole pass: %6.1f s  %8.0f msg/s  %7.1f MB/s  (request on Kafka to pass completed; "
						+ "discover %.1f s, verify %.1f s)%n", pass, copied / pass, copiedBytes / 1e6 / pass,
						steps.getOrDefault("discoverFolders", 0.0), steps.getOrDefault("verifyFolders", 0.0));

				MigrationRequest second = WorkerIntegrationTestSupport.request(migrationId, 2, source.endpoint(),
						source.credentials("user1"), destination.endpoint(), destination.credentials("user1"),
						MigrationOptions.DEFAULTS);
				long rerunStart = System.nanoTime();
				WorkerIntegrationTestSupport.publish(kafka.getBrokersAsString(), second);
				awaitCompleted(second, worker, heap);
				System.out.printf("re-run with nothing changed: %.2f s (request on Kafka to pass completed)%n",
						seconds(rerunStart));
				System.out.printf("worker: -Xmx%s, peak heap used %.0f MB (sampled every 50 ms), peak RSS %.0f MB%n", xmx,
						heap.peak() / 1e6, worker.peakRss() / 1e6);
				heap.stop();
			}
			long verifyStart = System.nanoTime();
			try (Mailboxes src = Mailboxes.open(source.endpoint(), source.credentials("user1"));
					Mailboxes dst = Mailboxes.open(destination.endpoint(), destination.credentials("user1"))) {
				var s = src.contents();
				var d = dst.contents();
				long missing = 0;
				for (var folder : s.entrySet()) {
					String target = corpus.destinationOf(folder.getKey());
					if (!folder.getValue().equals(d.get(target))) {
						missing++;
						System.out.printf("DIFFERS: %s -> %s%n", folder.getKey(), target);
					}
				}
				System.out.printf("destination identical to source: %s (checked in %.1f s)%n", missing == 0 ? "yes" : "NO",
						seconds(verifyStart));
				System.out.printf("machine: %d cores, load average %s%n", Runtime.getRuntime().availableProcessors(),
						java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
				assertThat(missing).isZero();
			}
		}
	}

	private void awaitCompleted(MigrationRequest request, WorkerProcess worker, HeapSampler heap) {
		await().atMost(Duration.ofMinutes(30))
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.failFast("the worker died:\n" + worker.logTail(), () -> !worker.isAlive())
			.until(() -> {
				heap.sample();
				String state = WorkerIntegrationTestSupport.passState(this.db, request);
				if ("FAILED".equals(state)) {
					throw new AssertionError("pass failed:\n" + worker.logTail());
				}
				return "COMPLETED".equals(state);
			});
	}

	private Map<String, Double> stepSeconds(MigrationRequest request) {
		Map<String, Double> steps = new HashMap<>();
		this.db.query("""
				SELECT s.step_name, extract(epoch FROM (s.end_time - s.start_time)) AS seconds
				FROM batch_step_execution s JOIN batch_job_execution_params p ON p.job_execution_id = s.job_execution_id
				WHERE p.parameter_name = 'pass' AND p.parameter_value = ? AND s.step_name IN ('discoverFolders', 'copyFolders', 'verifyFolders')""",
				rs -> {
					steps.put(rs.getString(1), rs.getDouble(2));
				}, request.passKey());
		return steps;
	}

	private Map<String, String> workerProperties(int port) {
		Map<String, String> p = new HashMap<>();
		p.put("spring.datasource.url", databaseUrl);
		p.put("spring.datasource.username", "postgres");
		p.put("spring.datasource.password", "postgres");
		p.put("spring.kafka.bootstrap-servers", kafka.getBrokersAsString());
		p.put("mailmig.encryption-key", WorkerIntegrationTestSupport.KEY);
		p.put("mailmig.worker.poll-interval", "100ms");
		p.put("mailmig.worker.outbox-interval", "100ms");
		p.put("server.port", String.valueOf(port));
		p.put("logging.level.io.mailmig", "WARN");
		return p;
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

	/** Samples the worker's used heap through its actuator. */
	static final class HeapSampler {

		private final HttpClient http = HttpClient.newHttpClient();

		private final URI uri;

		private final AtomicLong peak = new AtomicLong();

		private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

		HeapSampler(int port) {
			this.uri = URI.create("http://127.0.0.1:" + port + "/actuator/metrics/jvm.memory.used?tag=area:heap");
			this.timer.scheduleAtFixedRate(() -> {
				try {
					sample();
				}
				catch (Exception ex) {
					// not up yet
				}
			}, 0, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
		}

		long sample() throws Exception {
			String body = this.http.send(HttpRequest.newBuilder(this.uri).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.ofString()).body();
			int at = body.indexOf("\"value\":");
			long value = (long) Double.parseDouble(body.substring(at + 8, body.indexOf('}', at)).trim());
			this.peak.accumulateAndGet(value, Math::max);
			return value;
		}

		long peak() {
			return this.peak.get();
		}

		void stop() {
			this.timer.shutdownNow();
		}

	}

	/** A deterministic corpus: the same profile always loads the same bytes. */
	record Corpus(String name, List<String> folders, int messages, int[] sizes) {

		static Corpus of(String profile) {
			Random random = new Random(42);
			return switch (profile) {
				case "mailbox" -> {
					// ~10,000 messages in 40 folders, median ~10 KB, ~3 % with 0.5-5 MB attachments (~800 MB)
					int[] sizes = new int[10_000];
					for (int i = 0; i < sizes.length; i++) {
						sizes[i] = random.nextInt(100) < 3 ? 500_000 + random.nextInt(4_500_000)
								: (int) Math.min(400_000, Math.max(1_500, Math.exp(Math.log(10_000) + random.nextGaussian() * 0.9)));
					}
					yield new Corpus(profile, folders(40), sizes.length, sizes);
				}
				case "attachments" -> {
					int[] sizes = new int[40];
					for (int i = 0; i < sizes.length; i++) {
						sizes[i] = 5_000_000 + random.nextInt(25_000_000);
					}
					yield new Corpus(profile, List.of("INBOX"), sizes.length, sizes);
				}
				case "small" -> {
					int[] sizes = new int[2_000];
					java.util.Arrays.fill(sizes, 8_000);
					yield new Corpus(profile, folders(10), sizes.length, sizes);
				}
				default -> throw new IllegalArgumentException("unknown benchmark profile " + profile
						+ " (mailbox, attachments, small)");
			};
		}

		/** INBOX, the special-use folders, then nested and accented folders. */
		static List<String> folders(int count) {
			List<String> folders = new ArrayList<>(List.of("INBOX", "Éléments envoyés", "Corbeille", "Brouillons"));
			for (int i = 0; folders.size() < count; i++) {
				folders.add(switch (i % 4) {
					case 0 -> "Clients/Société " + i;
					case 1 -> "Archivé/" + (2000 + i);
					case 2 -> "Projets/Équipe " + i + "/Réunions";
					default -> "Dossier " + i;
				});
			}
			return folders;
		}

		String destinationOf(String folder) {
			return switch (folder) {
				case "Éléments envoyés" -> "Sent";
				case "Corbeille" -> "Trash";
				case "Brouillons" -> "Drafts";
				case "Courrier indésirable" -> "Junk";
				default -> folder;
			};
		}

		/** Loads the corpus over 4 connections; returns the bytes loaded. */
		long load(DovecotServer server) throws Exception {
			ExecutorService pool = Executors.newFixedThreadPool(4);
			try (Mailboxes setup = Mailboxes.open(server.endpoint(), server.credentials("user1"))) {
				for (String folder : this.folders) {
					if (!folder.equals("INBOX") && !List.of("Éléments envoyés", "Corbeille", "Brouillons").contains(folder)) {
						setup.create(folder, true);
					}
				}
			}
			List<Future<Long>> parts = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int part = t;
				parts.add(pool.submit(() -> {
					long loaded = 0;
					try (Mailboxes m = Mailboxes.open(server.endpoint(), server.credentials("user1"))) {
						for (int i = part; i < this.messages; i += 4) {
							byte[] message = TestMessages.ordinary(i, this.sizes[i]);
							m.append(this.folders.get(i % this.folders.size()), message,
									i % 3 == 0 ? Set.of() : Set.of("\\Seen"), Instant.parse("2020-01-01T00:00:00Z").plusSeconds(i * 3600L));
							loaded += message.length;
						}
					}
					return loaded;
				}));
			}
			long total = 0;
			for (Future<Long> f : parts) {
				total += f.get();
			}
			pool.shutdown();
			return total;
		}

	}

}
