package io.mailmig.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.model.MigrationOptions;
import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.TestMessages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * More mailboxes than the worker runs at once, with polling practically off and long leases: passes must
 * start when a request arrives or another pass ends, and a pass claimed while the worker is full must
 * never be stranded until its lease expires.
 */
class PassSchedulingIntegrationTests extends WorkerIntegrationTestSupport {

	static final int MAILBOXES = 10;

	static DovecotServer source;

	static DovecotServer destination;

	@DynamicPropertySource
	static void scheduling(DynamicPropertyRegistry registry) {
		registry.add("mailmig.worker.max-concurrent-passes", () -> "2");
		registry.add("mailmig.worker.poll-interval", () -> "1h");
		registry.add("mailmig.worker.lease-duration", () -> "10m");
	}

	@BeforeAll
	static void startServers() {
		source = DovecotServer.builder().users(MAILBOXES).build().start();
		destination = DovecotServer.builder().separator('/').users(MAILBOXES).build().start();
		for (int u = 1; u <= MAILBOXES; u++) {
			try (Mailboxes src = Mailboxes.open(source.endpoint(), source.credentials("user" + u))) {
				for (int i = 0; i < 3; i++) {
					src.append("INBOX", TestMessages.ordinary(i, 2_000), Set.of(), Instant.parse("2024-01-01T00:00:00Z"));
				}
			}
		}
	}

	@AfterAll
	static void stopServers() {
		source.close();
		destination.close();
	}

	@Test
	void everyPassShouldRunWithoutWaitingForAPollOrALeaseWhenMoreMailboxesThanPassSlotsArrive() {
		// given
		List<MigrationRequest> requests = new ArrayList<>();
		for (int u = 1; u <= MAILBOXES; u++) {
			requests.add(request(UUID.randomUUID(), 1, source.endpoint(), source.credentials("user" + u),
					destination.endpoint(), destination.credentials("user" + u), MigrationOptions.DEFAULTS));
		}

		// when all arrive at once
		requests.forEach(WorkerIntegrationTestSupport::publish);

		// then all complete, two at a time, with no poll (1 h) and no lease expiry (10 min) to rescue one
		await().atMost(Duration.ofMinutes(2))
			.until(() -> requests.stream().allMatch(r -> "COMPLETED".equals(passState(r))));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM message_ledger WHERE pass_key IN ("
				+ String.join(",", requests.stream().map(r -> "'" + r.passKey() + "'").toList()) + ")", Long.class))
			.isEqualTo(MAILBOXES * 3L);
	}

}
