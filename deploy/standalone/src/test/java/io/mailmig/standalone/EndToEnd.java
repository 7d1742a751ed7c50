package io.mailmig.standalone;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.FolderNameTranslation;
import io.mailmig.common.testing.MailboxSnapshot;
import io.mailmig.common.testing.TestMailbox;
import io.mailmig.common.testing.TestMessages;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the end-to-end tests share: mailboxes to fill and compare (through the test tools of
 * migration-common, independent of the code under test), plans to write, states to wait for.
 */
final class EndToEnd {

	/** Where a migration no longer moves unless an operator asks. */
	static final Set<String> TERMINAL = Set.of("COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED", "CANCELLED");

	/** The folders every filled source mailbox has, by display name ({@code /} between levels). */
	static final List<String> FOLDERS = List.of("INBOX", "Éléments envoyés", "Projets/Été 2025", "Archives/2024");

	private EndToEnd() {
	}

	/** A mailbox to migrate: login and password on each side. */
	record Account(String sourceUser, String sourcePassword, String destinationUser, String destinationPassword) {

		String json() {
			return """
					{"sourceUser": "%s", "sourcePassword": "%s", "destinationUser": "%s", "destinationPassword": "%s"}"""
				.formatted(this.sourceUser, this.sourcePassword, this.destinationUser, this.destinationPassword);
		}

		String csvLine() {
			return String.join(",", this.sourceUser, this.sourcePassword, this.destinationUser,
					this.destinationPassword);
		}

	}

	/**
	 * Fills a source mailbox with {@code messages} small messages spread over {@link #FOLDERS}, with
	 * flags and dates varying; the same {@code seed} gives the same mail.
	 */
	static void fill(DovecotServer server, String user, String password, int seed, int messages) {
		try (TestMailbox mailbox = TestMailbox.open("127.0.0.1", server.port(), user, password)) {
			FOLDERS.stream().filter(f -> !f.equals("INBOX") && !f.equals("Éléments envoyés")).forEach(mailbox::create);
			for (int i = 0; i < messages; i++) {
				append(mailbox, FOLDERS.get(i % FOLDERS.size()), seed * 10_000 + i, 2_000 + (i % 7) * 700);
			}
		}
	}

	/** Appends one more message to a folder of a source mailbox. */
	static void deliver(DovecotServer server, String user, String password, String folder, int seed) {
		try (TestMailbox mailbox = TestMailbox.open("127.0.0.1", server.port(), user, password)) {
			if (!folder.equals("INBOX") && !folder.equals("Éléments envoyés")) {
				// new folders are subscribed, as a mail client creates them
				mailbox.create(folder);
			}
			append(mailbox, folder, seed, 3_000);
		}
	}

	private static void append(TestMailbox mailbox, String folder, int seed, int size) {
		List<String> flags = new ArrayList<>();
		if (seed % 3 == 0) {
			flags.add("\\Seen");
		}
		if (seed % 5 == 0) {
			flags.add("\\Flagged");
		}
		if (seed % 7 == 0) {
			flags.add("$Label1");
		}
		mailbox.append(folder, TestMessages.ordinary(seed, size),
				Instant.parse("2024-03-01T08:00:00Z").plus(Duration.ofMinutes(97L * (seed % 10_000))),
				flags.toArray(String[]::new));
	}

	/** Sets a flag on the first message of a folder, as a mail client would during the migration. */
	static void flagFirst(DovecotServer server, String user, String password, String folder, Flags.Flag flag) {
		Properties properties = new Properties();
		properties.put("mail.imap.connectiontimeout", "5000");
		properties.put("mail.imap.timeout", "30000");
		try {
			Store store = Session.getInstance(properties).getStore("imap");
			store.connect("127.0.0.1", server.port(), user, password);
			try {
				Folder inbox = store.getFolder(folder);
				inbox.open(Folder.READ_WRITE);
				inbox.getMessage(1).setFlag(flag, true);
				inbox.close(false);
			}
			finally {
				store.close();
			}
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("could not flag a message of " + user, ex);
		}
	}

	/** The differences between the source and destination mailboxes; empty when identical. */
	static List<String> differences(DovecotServer source, Account account, DovecotServer destination) {
		return MailboxSnapshot.diff(snapshot(source, account.sourceUser(), account.sourcePassword()),
				snapshot(destination, account.destinationUser(), account.destinationPassword()),
				FolderNameTranslation.bySpecialUse());
	}

	static MailboxSnapshot snapshot(DovecotServer server, String user, String password) {
		return MailboxSnapshot.read("127.0.0.1", server.port(), user, password);
	}

	/** A plan body between two Dovecot servers, without TLS. */
	static String plan(String name, DovecotServer source, DovecotServer destination, String extra,
			List<Account> accounts) {
		return plan(name, source.port(), destination.port(), extra, accounts);
	}

	/** A plan body between two loopback IMAP ports, without TLS. */
	static String plan(String name, int sourcePort, int destinationPort, String extra, List<Account> accounts) {
		return """
				{"name": "%s",
				 "source": {"host": "127.0.0.1", "port": %d, "security": "NONE"},
				 "destination": {"host": "127.0.0.1", "port": %d, "security": "NONE"}%s%s}"""
			.formatted(name, sourcePort, destinationPort, extra.isEmpty() ? "" : ", " + extra,
					accounts.isEmpty() ? ""
							: ", \"accounts\": [" + accounts.stream().map(Account::json).collect(Collectors.joining(", "))
									+ "]");
	}

	/** The accounts as the CSV part of a multipart plan. */
	static String csv(List<Account> accounts) {
		return "sourceUser,sourcePassword,destinationUser,destinationPassword\n"
				+ accounts.stream().map(Account::csvLine).collect(Collectors.joining("\n")) + "\n";
	}

	/** Waits until every migration of the plan is over; its migrations then. */
	static List<JsonNode> awaitPlanOver(Api api, String planId, int migrations, Duration atMost) {
		await().atMost(atMost).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
			JsonNode plan = api.get("/api/v1/plans/" + planId);
			long over = TERMINAL.stream().mapToLong(s -> plan.path("migrations").path(s).asLong()).sum();
			assertThat(over).as(plan::toString).isEqualTo(migrations);
		});
		List<JsonNode> list = new ArrayList<>();
		api.get("/api/v1/plans/" + planId + "/migrations").forEach(list::add);
		return list;
	}

	/** Waits until the migration is in {@code state}; the migration then. */
	static JsonNode awaitState(Api api, String migrationId, String state, Duration atMost) {
		await().atMost(atMost).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			JsonNode migration = api.get("/api/v1/migrations/" + migrationId);
			assertThat(migration.path("state").asString()).as(migration::toString).isEqualTo(state);
		});
		return api.get("/api/v1/migrations/" + migrationId);
	}

	/** The one migration of a plan of one account. */
	static String onlyMigration(Api api, String planId) {
		JsonNode migrations = api.get("/api/v1/plans/" + planId + "/migrations");
		assertThat(migrations).hasSize(1);
		return migrations.get(0).path("id").asString();
	}

	/** A pre-flight check of a migration, by name. */
	static JsonNode check(JsonNode migration, String name) {
		for (JsonNode check : migration.path("preflight").path("checks")) {
			if (check.path("name").asString().equals(name)) {
				return check;
			}
		}
		throw new AssertionError("no pre-flight check " + name + " in " + migration);
	}

}
