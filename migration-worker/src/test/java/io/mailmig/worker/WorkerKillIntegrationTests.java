package io.mailmig.worker;

import io.mailmig.common.testing.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.mailmig.common.event.MigrationCompleted;
import io.mailmig.common.event.MigrationEvent;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.event.MigrationStarted;
import io.mailmig.common.model.MigrationOptions;
import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.TestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker killed with SIGKILL in the middle of a copy, as the OOM killer or a power cut would: the
 * worker runs as users run it ({@code java -jar}), in its own process; another worker process takes the
 * pass over once the lease expires and completes it from the last committed chunk.
 */
class WorkerKillIntegrationTests {

	// each test its own broker and database: a worker must never see another test's requests
	final EmbeddedKafkaKraftBroker kafka = TestInfrastructure.newKafka();

	final String databaseUrl = TestInfrastructure.newDatabase();

	final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(databaseUrl, "postgres", "postgres"));

	DovecotServer source;

	DovecotServer destination;

	@BeforeEach
	void startServers() {
		this.source = DovecotServer.builder().separator('.').build().start();
		this.destination = DovecotServer.builder().separator('/').build().start();
	}

	@AfterEach
	void stopServers() {
		this.source.close();
		this.destination.close();
		this.kafka.destroy();
	}

	@Test
	void passShouldCompleteWithNothingMissingOrTwiceWhenWorkerIsKilledMidCopy() {
		// given a mailbox of 3 folders
		try (Mailboxes src = Mailboxes.open(this.source.endpoint(), this.source.credentials("user1"))) {
			src.create("Un", true).create("Deux/Trois", true);
			for (int i = 0; i < 1200; i++) {
				String folder = i % 3 == 0 ? "INBOX" : i % 3 == 1 ? "Un" : "Deux/Trois";
				src.append(folder, TestMessages.ordinary(i, 30_000), i % 2 == 0 ? Set.of("\\Seen") : Set.of(),
						Instant.parse("2024-01-01T00:00:00Z"));
			}
		}
		MigrationRequest request = WorkerIntegrationTestSupport.request(UUID.randomUUID(), 1, this.source.endpoint(), this.source.credentials("user1"),
				this.destination.endpoint(), this.destination.credentials("user1"), MigrationOptions.DEFAULTS);
		JdbcTemplate db = this.jdbc;

		try (WorkerProcess first = WorkerProcess.start("first", workerProperties("first"))) {
			// when the first worker has committed some chunks, it is killed
			WorkerIntegrationTestSupport.publish(kafka.getBrokersAsString(), request);
			await().atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(20))
				.ignoreExceptions() // the worker creates the schema when it starts
				.until(() -> copied(db, request) >= 150);
			first.kill();
		}
		long copiedAtKill = copied(db, request);
		assertThat(copiedAtKill).as("killed in the middle of the copy").isLessThan(1200);
		assertThat(WorkerIntegrationTestSupport.passState(db, request)).isEqualTo("RUNNING");
		assertThat(db.queryForObject("SELECT count(*) FROM batch_job_execution WHERE status = 'STARTED'", Long.class))
			.as("the killed worker left its job execution STARTED")
			.isEqualTo(1);

		// and a worker process starts again
		try (WorkerProcess second = WorkerProcess.start("second", workerProperties("second"))) {
			// then the pass resumes from its last committed chunk and completes
			awaitOrShowLogs(() -> "COMPLETED".equals(WorkerIntegrationTestSupport.passState(db, request)), second);
			List<MigrationEvent> events = WorkerIntegrationTestSupport.events(db, kafka.getBrokersAsString(),
					request.migrationId());
			assertThat(events).filteredOn(MigrationStarted.class::isInstance)
				.map(e -> ((MigrationStarted) e).resumed())
				.containsExactly(false, true);
			assertThat(events).last().isInstanceOfSatisfying(MigrationCompleted.class,
					c -> assertThat(c.messagesCopied()).isEqualTo(1200));
		}
		try (Mailboxes src = Mailboxes.open(this.source.endpoint(), this.source.credentials("user1"));
				Mailboxes dst = Mailboxes.open(this.destination.endpoint(), this.destination.credentials("user1"))) {
			Map<String, List<String>> s = src.contents();
			Map<String, List<String>> d = dst.contents();
			for (String folder : List.of("INBOX", "Un", "Deux/Trois")) {
				assertThat(d.get(folder)).as(folder).hasSize(400).isEqualTo(s.get(folder));
			}
		}
		assertThat(db.queryForObject("SELECT count(*) FROM batch_job_execution WHERE status IN ('STARTED', 'STARTING')",
				Long.class)).as("nothing left running").isZero();
		assertThat(db.queryForObject("SELECT count(*) FROM mailbox_pass WHERE state <> 'COMPLETED'", Long.class)).isZero();
	}

	@Test
	void workersShouldShareMailboxesAndRunEachPassOnceWhenSeveralConsumeTheSameRequests() {
		// given four mailboxes and two worker processes that may run two passes each
		List<MigrationRequest> requests = new java.util.ArrayList<>();
		for (int u = 1; u <= 4; u++) {
			try (Mailboxes src = Mailboxes.open(this.source.endpoint(), this.source.credentials("user" + u))) {
				for (int i = 0; i < 150; i++) {
					src.append("INBOX", TestMessages.ordinary(u * 1000 + i, 20_000), Set.of(),
							Instant.parse("2024-01-01T00:00:00Z"));
				}
			}
			requests.add(WorkerIntegrationTestSupport.request(UUID.randomUUID(), 1, this.source.endpoint(),
					this.source.credentials("user" + u), this.destination.endpoint(),
					this.destination.credentials("user" + u), MigrationOptions.DEFAULTS));
		}
		JdbcTemplate db = this.jdbc;
		Map<String, String> one = workerProperties("one");
		one.put("mailmig.worker.max-concurrent-passes", "2");
		Map<String, String> two = workerProperties("two");
		two.put("mailmig.worker.max-concurrent-passes", "2");
		try (WorkerProcess first = WorkerProcess.start("one", one); WorkerProcess second = WorkerProcess.start("two", two)) {
			// both up first: a worker claims as soon as a request arrives, so one started alone takes everything
			awaitOrShowLogs(() -> first.isStarted() && second.isStarted(), first, second);

			// when every request is published (twice)
			for (MigrationRequest r : requests) {
				WorkerIntegrationTestSupport.publish(kafka.getBrokersAsString(), r);
				WorkerIntegrationTestSupport.publish(kafka.getBrokersAsString(), r);
			}

			// then every pass completes, each on one worker, both workers used
			awaitOrShowLogs(() -> db.queryForObject("SELECT count(*) FROM mailbox_pass WHERE state = 'COMPLETED'",
					Long.class) == 4, first, second);
		}
		assertThat(db.queryForList("SELECT DISTINCT owner FROM mailbox_pass", String.class))
			.containsExactlyInAnyOrder("one", "two");
		assertThat(db.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class)).isEqualTo(4);
		for (int u = 1; u <= 4; u++) {
			try (Mailboxes dst = Mailboxes.open(this.destination.endpoint(), this.destination.credentials("user" + u))) {
				assertThat(dst.count("INBOX")).isEqualTo(150);
			}
		}
	}

	@Test
	void stoppedWorkerShouldReleaseItsPassAtAChunkBoundaryWhenTerminated() {
		// given a pass in the middle of a copy
		try (Mailboxes src = Mailboxes.open(this.source.endpoint(), this.source.credentials("user2"))) {
			for (int i = 0; i < 900; i++) {
				src.append("INBOX", TestMessages.ordinary(i, 30_000), Set.of(), Instant.parse("2024-01-01T00:00:00Z"));
			}
		}
		MigrationRequest request = WorkerIntegrationTestSupport.request(UUID.randomUUID(), 1, this.source.endpoint(),
				this.source.credentials("user2"), this.destination.endpoint(), this.destination.credentials("user2"),
				MigrationOptions.DEFAULTS);
		JdbcTemplate db = this.jdbc;
		Map<String, String> slowLease = workerProperties("first");
		slowLease.put("mailmig.worker.lease-duration", "5m"); // a takeover by lease expiry would take minutes
		try (WorkerProcess first = WorkerProcess.start("first", slowLease)) {
			WorkerIntegrationTestSupport.publish(this.kafka.getBrokersAsString(), request);
			await().atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(20))
				.ignoreExceptions()
				.until(() -> copied(db, request) >= 100);

			// when the worker is asked to stop (SIGTERM)
			assertThat(first.terminate(Duration.ofSeconds(45))).as("exited").isTrue();
		}

		// then the pass went back to the queue at a chunk boundary, its execution STOPPED, nothing half-done
		assertThat(WorkerIntegrationTestSupport.passState(db, request)).isEqualTo("QUEUED");
		assertThat(db.queryForList("SELECT status FROM batch_job_execution", String.class)).containsExactly("STOPPED");
		long committed = copied(db, request);
		assertThat(committed).isLessThan(900);
		try (Mailboxes dst = Mailboxes.open(this.destination.endpoint(), this.destination.credentials("user2"))) {
			assertThat(dst.count("INBOX")).isEqualTo(committed);
		}

		// and another worker resumes it at once, not after the 5-minute lease
		try (WorkerProcess second = WorkerProcess.start("second", workerProperties("second"))) {
			awaitOrShowLogs(() -> "COMPLETED".equals(WorkerIntegrationTestSupport.passState(db, request)), second);
		}
		try (Mailboxes src = Mailboxes.open(this.source.endpoint(), this.source.credentials("user2"));
				Mailboxes dst = Mailboxes.open(this.destination.endpoint(), this.destination.credentials("user2"))) {
			assertThat(dst.contents().get("INBOX")).hasSize(900).isEqualTo(src.contents().get("INBOX"));
		}
	}

	private Map<String, String> workerProperties(String name) {
		return WorkerProcess.properties(name, this.databaseUrl, this.kafka.getBrokersAsString());
	}

	private static void awaitOrShowLogs(java.util.concurrent.Callable<Boolean> condition, WorkerProcess... workers) {
		WorkerProcess.awaitOrShowLogs(condition, workers);
	}

	private static long copied(JdbcTemplate db, MigrationRequest request) {
		return db.queryForObject("SELECT count(*) FROM message_ledger WHERE pass_key = ?", Long.class, request.passKey());
	}

}
