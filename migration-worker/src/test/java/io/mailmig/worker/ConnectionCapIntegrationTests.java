package io.mailmig.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.MigrationOptions;
import io.mailmig.common.model.Security;
import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.TcpProxy;
import io.mailmig.common.testing.TestInfrastructure;
import io.mailmig.common.testing.TestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-server connection cap holds across workers: two worker processes sharing the database, which
 * could open 2 × 4 passes × 4 folders × 2 sides connections, never have more than the cap open to
 * either server at once (counted by a proxy in front of each), and every mailbox still arrives whole.
 */
class ConnectionCapIntegrationTests {

	static final int MAILBOXES = 6;

	static final List<String> FOLDERS = List.of("INBOX", "Un", "Deux", "Trois");

	static final int PER_FOLDER = 15;

	static final int CAP = 3;

	final EmbeddedKafkaKraftBroker kafka = TestInfrastructure.newKafka();

	final String databaseUrl = TestInfrastructure.newDatabase();

	final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(this.databaseUrl, "postgres", "postgres"));

	final DovecotServer source = DovecotServer.builder().users(MAILBOXES).separator('.').build().start();

	final DovecotServer destination = DovecotServer.builder().users(MAILBOXES).separator('/').build().start();

	final TcpProxy sourceProxy = TcpProxy.start("127.0.0.1", this.source.port());

	final TcpProxy destinationProxy = TcpProxy.start("127.0.0.1", this.destination.port());

	@AfterEach
	void stop() {
		this.sourceProxy.close();
		this.destinationProxy.close();
		this.source.close();
		this.destination.close();
		this.kafka.destroy();
	}

	@Test
	void connectionsToEachServerShouldStayWithinTheCapAcrossWorkersWhileEveryMailboxCompletes() {
		// given six mailboxes of four folders, reached through counting proxies
		List<MigrationRequest> requests = new ArrayList<>();
		for (int u = 1; u <= MAILBOXES; u++) {
			try (Mailboxes src = Mailboxes.open(this.source.endpoint(), this.source.credentials("user" + u))) {
				src.create("Un", true).create("Deux", true).create("Trois", true);
				for (int i = 0; i < FOLDERS.size() * PER_FOLDER; i++) {
					src.append(FOLDERS.get(i % FOLDERS.size()), TestMessages.ordinary(u * 1000 + i, 4_000),
							i % 2 == 0 ? Set.of("\\Seen") : Set.of(), Instant.parse("2024-01-01T00:00:00Z"));
				}
			}
			requests.add(WorkerIntegrationTestSupport.request(UUID.randomUUID(), 1,
					new ImapEndpoint("127.0.0.1", this.sourceProxy.port(), Security.NONE),
					this.source.credentials("user" + u),
					new ImapEndpoint("127.0.0.1", this.destinationProxy.port(), Security.NONE),
					this.destination.credentials("user" + u), MigrationOptions.DEFAULTS));
		}
		// and two workers that may each run 4 passes of 4 folders at once, with 3 connections per server in all
		JdbcTemplate db = this.jdbc;
		try (WorkerProcess first = WorkerProcess.start("first", workerProperties("first"));
				WorkerProcess second = WorkerProcess.start("second", workerProperties("second"))) {
			WorkerProcess.awaitOrShowLogs(() -> first.isStarted() && second.isStarted(), first, second);

			// when every mailbox is asked for
			requests.forEach(r -> WorkerIntegrationTestSupport.publish(this.kafka.getBrokersAsString(), r));

			// then every pass completes, both workers took part
			WorkerProcess.awaitOrShowLogs(() -> db.queryForObject(
					"SELECT count(*) FROM mailbox_pass WHERE state = 'COMPLETED'", Long.class) == MAILBOXES, first,
					second);
			assertThat(db.queryForList("SELECT DISTINCT owner FROM mailbox_pass", String.class))
				.containsExactlyInAnyOrder("first", "second");
		}
		// and neither server ever had more than 3 of the workers' connections open at once, though both had several
		assertThat(this.destinationProxy.peakConnections()).as("destination peak").isBetween(2, CAP);
		assertThat(this.sourceProxy.peakConnections()).as("source peak").isBetween(2, CAP);
		// (each pass logs in at least once; its steps then reuse its connections)
		assertThat(this.destinationProxy.acceptedConnections()).as("connections opened in turn")
			.isGreaterThanOrEqualTo(MAILBOXES);
		// and every message is at the destination once, with its flags and date
		for (int u = 1; u <= MAILBOXES; u++) {
			try (Mailboxes src = Mailboxes.open(this.source.endpoint(), this.source.credentials("user" + u));
					Mailboxes dst = Mailboxes.open(this.destination.endpoint(), this.destination.credentials("user" + u))) {
				Map<String, List<String>> s = src.contents();
				Map<String, List<String>> d = dst.contents();
				for (String folder : FOLDERS) {
					assertThat(d.get(folder)).as("user%d %s", u, folder).hasSize(PER_FOLDER).isEqualTo(s.get(folder));
				}
			}
		}
	}

	private Map<String, String> workerProperties(String name) {
		Map<String, String> p = WorkerProcess.properties(name, this.databaseUrl, this.kafka.getBrokersAsString());
		p.put("mailmig.worker.max-concurrent-passes", "4");
		p.put("mailmig.worker.folder-concurrency", "4");
		// every folder on its own pair, however small the mailbox: the most demand on the cap
		p.put("mailmig.worker.messages-per-connection", "1");
		p.put("mailmig.worker.max-connections-per-server", String.valueOf(CAP));
		p.put("mailmig.worker.chunk-messages", "5");
		return p;
	}

}
