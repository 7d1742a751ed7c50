package io.mailmig.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.model.MigrationOptions;
import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.TestMessages;
import io.mailmig.worker.connection.ConnectionSlot;
import io.mailmig.worker.connection.ConnectionSlots;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pass whose destination has no connection free: it waits {@code connection-wait}, goes back to the
 * queue, and tries again, as often as needed, without using up its attempts; it completes once
 * connections free up.
 */
class ConnectionWaitIntegrationTests extends WorkerIntegrationTestSupport {

	static DovecotServer source;

	static DovecotServer destination;

	@DynamicPropertySource
	static void shortWait(DynamicPropertyRegistry registry) {
		registry.add("mailmig.worker.max-connections-per-server", () -> "2");
		registry.add("mailmig.worker.connection-wait", () -> "1s");
	}

	@BeforeAll
	static void startServers() {
		source = DovecotServer.builder().separator('.').build().start();
		destination = DovecotServer.builder().separator('/').build().start();
	}

	@AfterAll
	static void stopServers() {
		source.close();
		destination.close();
	}

	@Test
	void passShouldWaitForABusyServerWithoutUsingUpItsAttemptsAndCompleteWhenConnectionsFreeUp() {
		// given a mailbox, and another worker holding both connections the destination allows
		try (Mailboxes src = Mailboxes.open(source.endpoint(), source.credentials("user1"))) {
			for (int i = 0; i < 30; i++) {
				src.append("INBOX", TestMessages.ordinary(i, 3_000), Set.of(), Instant.parse("2024-01-01T00:00:00Z"));
			}
		}
		ConnectionSlots otherWorker = new ConnectionSlots(new DriverManagerDataSource(databaseUrl, "postgres", "postgres"),
				2, Map.of(), Duration.ofSeconds(5), null);
		String server = destination.endpoint().address();
		List<ConnectionSlot> held = otherWorker.acquireAll(List.of(server, server));
		MigrationRequest request = request(UUID.randomUUID(), 1, source.endpoint(), source.credentials("user1"),
				destination.endpoint(), destination.credentials("user1"), MigrationOptions.DEFAULTS);

		// when the mailbox is asked for
		publish(request);

		// then it runs, waits, and goes back to the queue more times than its 3 attempts, without failing
		await().atMost(Duration.ofMinutes(1))
			.until(() -> this.jdbc.queryForObject("SELECT count(*) FROM batch_job_execution", Long.class) >= 5);
		assertThat(passState(request)).isIn("QUEUED", "RUNNING");
		assertThat(this.jdbc.queryForObject("SELECT attempts FROM mailbox_pass WHERE pass_key = ?", Integer.class,
				request.passKey())).isLessThanOrEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT failure_detail FROM mailbox_pass WHERE pass_key = ?", String.class,
				request.passKey())).contains("no connection to " + server);

		// when the other worker lets go of its connections
		held.forEach(ConnectionSlot::close);
		otherWorker.close();

		// then the pass completes with every message
		assertThat(awaitPassEnd(request, Duration.ofMinutes(1))).isEqualTo("COMPLETED");
		try (Mailboxes dst = Mailboxes.open(destination.endpoint(), destination.credentials("user1"))) {
			assertThat(dst.count("INBOX")).isEqualTo(30);
		}
	}

}
