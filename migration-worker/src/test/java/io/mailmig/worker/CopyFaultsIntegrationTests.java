package io.mailmig.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.mailmig.common.event.FolderCompleted;
import io.mailmig.common.event.MigrationCompleted;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.MigrationOptions;
import io.mailmig.common.model.Security;
import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.TcpProxy;
import io.mailmig.common.testing.TestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures in the middle of a copy: a lost APPEND reply, connections cut, the destination server
 * stopped. Whatever happens, the destination ends with every message exactly once. Folders of 200
 * messages or more are copied as UID ranges side by side, so recovery is also tested across ranges.
 */
@TestPropertySource(properties = "mailmig.worker.range-partition-messages=100")
class CopyFaultsIntegrationTests extends WorkerIntegrationTestSupport {

	DovecotServer source;

	DovecotServer destination;

	TcpProxy proxy;

	@BeforeEach
	void startServers() {
		this.source = DovecotServer.builder().separator('.').build().start();
		this.destination = DovecotServer.builder().separator('/').build().start();
		this.proxy = TcpProxy.start("127.0.0.1", this.destination.port());
	}

	@AfterEach
	void stopServers() {
		this.proxy.close();
		this.source.close();
		this.destination.close();
	}

	@Test
	void passShouldNotAppendTwiceWhenAppendReplyIsLostAfterTheServerStoredTheMessage() {
		// given two identical messages first, so recovery must claim one copy and still append the other
		try (Mailboxes src = Mailboxes.open(this.source.endpoint(), this.source.credentials("user1"))) {
			Instant date = Instant.parse("2024-05-05T05:05:05Z");
			TestMessages.exactDuplicatePair().forEach(m -> src.append("INBOX", m, Set.of("\\Seen"), date));
			for (int i = 0; i < 30; i++) {
				src.append("INBOX", TestMessages.ordinary(i, 4000), Set.of(), date);
			}
		}
		this.proxy.cutReplyContaining("APPENDUID");
		MigrationRequest request = requestThroughProxy("user1");

		// when
		publish(request);

		// then
		assertThat(awaitPassEnd(request, Duration.ofMinutes(1))).isEqualTo("COMPLETED");
		assertThat(this.proxy.replyCutFired()).as("an APPEND reply was swallowed").isTrue();
		assertSameInbox("user1", 32);
		MigrationCompleted completed = (MigrationCompleted) events(request.migrationId()).get(
				events(request.migrationId()).size() - 1);
		assertThat(completed.messagesCopied()).isEqualTo(32);
	}

	@Test
	void passShouldCompleteWithoutFailingWhenConnectionsAreCutMidCopy() {
		// given 600 messages, the last 150 identical to the first 150, copied as 4 UID ranges side by side
		try (Mailboxes src = Mailboxes.open(this.source.endpoint(), this.source.credentials("user2"))) {
			for (int i = 0; i < 600; i++) {
				src.append("INBOX", TestMessages.ordinary(i % 450, 20_000), Set.of(), Instant.parse("2024-01-01T00:00:00Z"));
			}
		}
		MigrationRequest request = requestThroughProxy("user2");

		// when the connections are cut twice while messages are being appended
		publish(request);
		awaitCopied(request, 100);
		this.proxy.cutAll();
		awaitCopied(request, 300);
		this.proxy.cutAll();

		// then
		assertThat(awaitPassEnd(request, Duration.ofMinutes(2))).isEqualTo("COMPLETED");
		assertThat(this.proxy.acceptedConnections()).as("reconnections").isGreaterThan(2);
		assertSameInbox("user2", 600);
		assertThat(this.jdbc.queryForList("""
				SELECT s.step_name FROM batch_step_execution s
				JOIN batch_job_execution_params p ON p.job_execution_id = s.job_execution_id
				WHERE p.parameter_name = 'pass' AND p.parameter_value = ? AND s.step_name LIKE 'copyFolder:%'""",
				String.class, request.passKey()))
			.as("UID-range partitions")
			.contains("copyFolder:0000-INBOX#1of4", "copyFolder:0000-INBOX#4of4");
	}

	@Test
	void passShouldCompleteWithNothingMissingOrTwiceWhenDestinationServerStopsMidCopyAndComesBack() {
		// given
		seed("user3", 1500, 20_000);
		MigrationRequest request = requestThroughProxy("user3");

		// when the destination server stops in the middle of the copy
		publish(request);
		awaitCopied(request, 100);
		this.destination.stop();
		assertThat(copied(request)).as("stopped before the end of the copy").isLessThan(1500);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("SELECT failure_type FROM mailbox_pass WHERE pass_key = ?",
					String.class, request.passKey()) != null);

		// and comes back
		this.destination.restart();
		if ("FAILED".equals(passState(request))) {
			publish(request); // a restart, as the api asks for one
		}

		// then the pass resumes and completes
		assertThat(awaitPassEnd(request, Duration.ofMinutes(2))).isEqualTo("COMPLETED");
		assertSameInbox("user3", 1500);
	}

	@Test
	void passShouldReportMessagesTheDestinationStoredDifferentlyAndNotCallTheFolderCopied() {
		// given 20 messages, and two (a small one, and one larger than the in-memory limit) that the wire to
		// the destination alters on their way in
		try (Mailboxes src = Mailboxes.open(this.source.endpoint(), this.source.credentials("user4"))) {
			Instant date = Instant.parse("2024-03-03T03:03:03Z");
			for (int i = 0; i < 10; i++) {
				src.append("INBOX", TestMessages.ordinary(i, 4000), Set.of(), date);
			}
			src.append("INBOX", TestMessages.small("CORRUPT-ME small"), Set.of("\\Seen"), date);
			src.append("INBOX", TestMessages.ofSize("CORRUPT-ME large", 2 * 1024 * 1024), Set.of(), date);
			for (int i = 10; i < 20; i++) {
				src.append("INBOX", TestMessages.ordinary(i, 4000), Set.of(), date);
			}
		}
		this.proxy.rewriteClientBytes("CORRUPT-ME", "CORRUPTED!");
		MigrationRequest request = requestThroughProxy("user4");

		// when
		publish(request);

		// then both are read back, found different and reported; the others are verified
		assertThat(awaitPassEnd(request, Duration.ofMinutes(1))).isEqualTo("COMPLETED");
		assertThat(this.proxy.rewrites()).as("markers altered on the wire (the small message has two)").isEqualTo(3);
		assertThat(events(request.migrationId())).filteredOn(FolderCompleted.class::isInstance)
			.map(FolderCompleted.class::cast)
			.filteredOn(f -> f.folder().equals("INBOX"))
			.singleElement()
			.satisfies(f -> {
				assertThat(f.copied()).isEqualTo(22);
				assertThat(f.verified()).isEqualTo(20);
				assertThat(f.mismatched()).isEqualTo(2);
			});
		assertThat(events(request.migrationId())).last()
			.isInstanceOfSatisfying(MigrationCompleted.class, c -> assertThat(c.withErrors()).isTrue());
		assertThat(this.jdbc.queryForList(
				"SELECT source_uid FROM message_ledger WHERE pass_key = ? AND NOT verified ORDER BY source_uid",
				Long.class, request.passKey()))
			.containsExactly(11L, 12L);
		assertThat(this.jdbc.queryForObject("""
				SELECT f.copied_uid_next FROM ledger_folder f
				WHERE f.pair_id = (SELECT pair_id FROM message_ledger WHERE pass_key = ? LIMIT 1)
				AND f.source_folder = 'INBOX'""", Long.class,
				request.passKey()))
			.as("the folder is not remembered as copied: the next pass looks at it again")
			.isNull();
	}

	private void seed(String user, int count, int size) {
		try (Mailboxes src = Mailboxes.open(this.source.endpoint(), this.source.credentials(user))) {
			for (int i = 0; i < count; i++) {
				src.append("INBOX", TestMessages.ordinary(i, size), Set.of(), Instant.parse("2024-01-01T00:00:00Z"));
			}
		}
	}

	private MigrationRequest requestThroughProxy(String user) {
		return request(UUID.randomUUID(), 1, this.source.endpoint(), this.source.credentials(user),
				new ImapEndpoint("127.0.0.1", this.proxy.port(), Security.NONE), this.destination.credentials(user),
				MigrationOptions.DEFAULTS);
	}

	private long copied(MigrationRequest request) {
		return this.jdbc.queryForObject("SELECT count(*) FROM message_ledger WHERE pass_key = ?", Long.class,
				request.passKey());
	}

	private void awaitCopied(MigrationRequest request, long atLeast) {
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() -> copied(request) >= atLeast);
	}

	private void assertSameInbox(String user, int expected) {
		try (Mailboxes src = Mailboxes.open(this.source.endpoint(), this.source.credentials(user));
				Mailboxes dst = Mailboxes.open(this.destination.endpoint(), this.destination.credentials(user))) {
			Map<String, List<String>> s = src.contents();
			Map<String, List<String>> d = dst.contents();
			assertThat(d.get("INBOX")).hasSize(expected).isEqualTo(s.get("INBOX"));
		}
	}

}
