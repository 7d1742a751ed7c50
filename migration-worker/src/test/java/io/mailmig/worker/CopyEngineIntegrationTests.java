package io.mailmig.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.mailmig.common.event.FailureType;
import io.mailmig.common.event.FolderCompleted;
import io.mailmig.common.event.FolderCopyProgressed;
import io.mailmig.common.event.FoldersDiscovered;
import io.mailmig.common.event.MessageSkipped;
import io.mailmig.common.event.MigrationCompleted;
import io.mailmig.common.event.MigrationEvent;
import io.mailmig.common.event.MigrationFailed;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.event.MigrationStarted;
import io.mailmig.common.event.SkipReason;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.MigrationOptions;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.Security;
import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.DovecotServer.SpecialUseFolders;
import io.mailmig.common.testing.TestMessages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The copy engine end to end: a request on Kafka, the worker's job against two private Dovecot servers
 * (source {@code .} separator with French special-use names, destination {@code /} with English
 * names), PostgreSQL, and the events read back from Kafka.
 */
class CopyEngineIntegrationTests extends WorkerIntegrationTestSupport {

	static DovecotServer source;

	static DovecotServer destination;

	@BeforeAll
	static void startServers() {
		source = DovecotServer.builder().separator('.').specialUse(SpecialUseFolders.FRENCH).users(7).build().start();
		destination = DovecotServer.builder()
			.separator('/')
			.specialUse(SpecialUseFolders.ENGLISH)
			.users(7)
			.build()
			.start();
	}

	@AfterAll
	static void stopServers() {
		source.close();
		destination.close();
	}

	@Test
	void passShouldCopyEveryMessageByteIdenticalWithMappedFoldersWhenTreeIsNestedAccentedAndSpecialUse() {
		// given
		try (Mailboxes src = Mailboxes.open(source.endpoint(), source.credentials("user1"))) {
			src.create("Réunions", true).create("Réunions/2019", true).create("Vide", true);
			src.create("NonAbonné", false).createRaw("Projets.clients a/b").create("Archives/2020", true);
			src.create("Éléments envoyés/2019", true);
			append(src, "INBOX", 4, Set.of("\\Seen"), Instant.parse("1994-03-01T10:00:00Z"));
			append(src, "INBOX", 2, Set.of("\\Flagged", "$Forwarded", "Projet-X"), Instant.parse("2021-06-30T23:59:59Z"));
			append(src, "Réunions", 3, Set.of("\\Answered", "\\Seen"), Instant.parse("2019-01-02T03:04:05Z"));
			append(src, "Réunions/2019", 2, Set.of(), Instant.parse("2019-12-31T12:00:00Z"));
			append(src, "NonAbonné", 1, Set.of("\\Draft"), Instant.parse("2010-05-05T05:05:05Z"));
			for (int i = 0; i < 2; i++) {
				src.appendRaw("Projets.clients a/b", TestMessages.small("level holding a slash " + i), Set.of("\\Seen"),
						Instant.parse("2015-07-14T14:07:00Z"));
			}
			append(src, "Archives/2020", 1, Set.of("\\Seen"), Instant.parse("2020-02-29T00:00:00Z"));
			append(src, "Éléments envoyés", 3, Set.of("\\Seen"), Instant.parse("2022-02-22T22:22:22Z"));
			append(src, "Éléments envoyés/2019", 1, Set.of("\\Seen"), Instant.parse("2019-09-09T09:09:09Z"));
			append(src, "Corbeille", 1, Set.of("\\Seen", "\\Deleted"), Instant.parse("2023-03-03T03:03:03Z"));
		}
		MigrationRequest request = request("user1", "user1", 1);

		// when
		publish(request);

		// then
		assertThat(awaitPassEnd(request, Duration.ofMinutes(2))).isEqualTo("COMPLETED");
		Map<String, String> expected = Map.ofEntries(Map.entry("INBOX", "INBOX"), Map.entry("Réunions", "Réunions"),
				Map.entry("Réunions/2019", "Réunions/2019"), Map.entry("Vide", "Vide"),
				Map.entry("NonAbonné", "NonAbonné"), Map.entry("Projets/clients a/b", "Projets/clients a_b"),
				Map.entry("Archives/2020", "Archives/2020"), Map.entry("Éléments envoyés", "Sent"),
				Map.entry("Éléments envoyés/2019", "Sent/2019"), Map.entry("Corbeille", "Trash"),
				Map.entry("Brouillons", "Drafts"), Map.entry("Courrier indésirable", "Junk"));
		try (Mailboxes src = Mailboxes.open(source.endpoint(), source.credentials("user1"));
				Mailboxes dst = Mailboxes.open(destination.endpoint(), destination.credentials("user1"))) {
			Map<String, List<String>> sourceContents = src.contents();
			Map<String, List<String>> destinationContents = dst.contents();
			assertThat(sourceContents.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
			expected.forEach((from, to) -> assertThat(destinationContents.get(to)).as("%s -> %s", from, to)
				.isEqualTo(sourceContents.get(from)));
			assertThat(destinationContents.keySet()).containsExactlyInAnyOrderElementsOf(expected.values());
			assertThat(dst.subscriptions()).containsAll(src.subscriptions()
				.stream()
				.map(expected::get)
				.toList()).doesNotContain("NonAbonné");
			assertThat(dst.folders().get("Archives")).as("hierarchy-only parent").satisfiesAnyOf(
					f -> assertThat(f).isNull(), f -> assertThat(f.selectable()).isFalse());
		}
		List<MigrationEvent> events = events(request.migrationId());
		assertThat(events).first().isInstanceOf(MigrationStarted.class);
		assertThat(events).last().isInstanceOfSatisfying(MigrationCompleted.class, c -> {
			assertThat(c.messagesCopied()).isEqualTo(20);
			assertThat(c.messagesSkipped()).isZero();
		});
		assertThat(events).filteredOn(FoldersDiscovered.class::isInstance).hasSize(1);
		assertThat(events).filteredOn(FolderCompleted.class::isInstance)
			.map(FolderCompleted.class::cast)
			.allSatisfy(f -> assertThat(f.mismatched()).isZero())
			.extracting(FolderCompleted::verified)
			.containsOnly(0L, 1L, 2L, 3L, 6L);
		assertProgressAddsUp(events);
	}

	@Test
	void passShouldCopyNastyMessagesByteIdenticalWithoutDroppingOrMergingAny() {
		// given
		int nasty;
		try (Mailboxes src = Mailboxes.open(source.endpoint(), source.credentials("user2"))) {
			Instant date = Instant.parse("2020-01-01T00:00:00Z");
			Map<String, byte[]> messages = TestMessages.nasty();
			messages.values().forEach(m -> src.append("INBOX", m, Set.of("\\Seen"), date));
			src.append("INBOX", TestMessages.before1995(), Set.of(), Instant.parse("1993-04-05T06:07:08Z"));
			src.append("INBOX", TestMessages.ofSize("25 MB attachment", TestMessages.LARGE_ATTACHMENT_BYTES), Set.of(),
					date);
			nasty = messages.size() + 2;
		}
		MigrationRequest request = request("user2", "user2", 1);

		// when
		publish(request);

		// then
		assertThat(awaitPassEnd(request, Duration.ofMinutes(3))).isEqualTo("COMPLETED");
		assertSameContents("user2", Map.of("INBOX", "INBOX"));
		try (Mailboxes dst = Mailboxes.open(destination.endpoint(), destination.credentials("user2"))) {
			assertThat(dst.count("INBOX")).isEqualTo(nasty);
		}
	}

	@Test
	void laterPassesShouldCopyOnlyWhatIsNewWhenSourceChanges() {
		// given
		try (Mailboxes src = Mailboxes.open(source.endpoint(), source.credentials("user3"))) {
			src.create("Dossier", true);
			append(src, "INBOX", 30, Set.of("\\Seen"), Instant.parse("2024-01-01T00:00:00Z"));
			append(src, "Dossier", 5, Set.of(), Instant.parse("2024-01-01T00:00:00Z"));
		}
		MigrationRequest first = request("user3", "user3", 1);
		publish(first);
		assertThat(awaitPassEnd(first, Duration.ofMinutes(2))).isEqualTo("COMPLETED");

		// when a second pass runs with nothing new
		MigrationRequest second = request(first.migrationId(), "user3", "user3", 2);
		publish(second);

		// then it copies nothing
		assertThat(awaitPassEnd(second, Duration.ofMinutes(2))).isEqualTo("COMPLETED");
		assertThat(completion(second).messagesCopied()).isZero();

		// when new messages arrive at the source, flags change on copied ones, and a third pass runs
		try (Mailboxes src = Mailboxes.open(source.endpoint(), source.credentials("user3"))) {
			src.setFlags("INBOX", List.of(1L), Set.of("\\Seen", "\\Answered", "$Forwarded"));
			src.setFlags("INBOX", List.of(2L, 3L), Set.of());
			append(src, "INBOX", 3, Set.of(), Instant.parse("2025-01-01T00:00:00Z"));
			append(src, "Dossier", 2, Set.of("\\Flagged"), Instant.parse("2025-01-01T00:00:00Z"));
		}
		MigrationRequest third = request(first.migrationId(), "user3", "user3", 3);
		publish(third);

		// then it copies exactly those, and the destination has the new flags
		assertThat(awaitPassEnd(third, Duration.ofMinutes(2))).isEqualTo("COMPLETED");
		assertThat(completion(third).messagesCopied()).isEqualTo(5);
		assertSameContents("user3", Map.of("INBOX", "INBOX", "Dossier", "Dossier"));
	}

	@Test
	void passShouldFailWithAuthenticationReasonAfterOneAttemptWhenSourcePasswordIsWrong() {
		// given
		MigrationRequest request = request(UUID.randomUUID(), 1, source.endpoint(), new Credentials("user4", "wrong"),
				destination.endpoint(), destination.credentials("user4"), MigrationOptions.DEFAULTS);

		// when
		publish(request);

		// then
		assertThat(awaitPassEnd(request, Duration.ofMinutes(1))).isEqualTo("FAILED");
		assertThat(this.jdbc.queryForObject("SELECT attempts FROM mailbox_pass WHERE pass_key = ?", Integer.class,
				request.passKey())).isEqualTo(1);
		assertThat(events(request.migrationId())).last().isInstanceOfSatisfying(MigrationFailed.class, f -> {
			assertThat(f.reason()).isEqualTo(FailureType.AUTHENTICATION);
			assertThat(f.retryable()).isFalse();
			assertThat(f.detail()).startsWith("source 127.0.0.1:" + source.port() + " (user4)").doesNotContain("wrong");
		});
		assertThat(source.logTail().lines().filter(l -> l.contains("user4") && l.contains("auth failed")).count())
			.as("login attempts refused for user4").isEqualTo(1);
	}

	@Test
	void passShouldSkipAndReportMessagesWhenDestinationRefusesThemAndCompleteTheRest() {
		// given a destination that refuses messages over 100 KB
		try (DovecotServer strict = DovecotServer.builder().separator('/').maxMessageSize(100 * 1024).build().start();
				Mailboxes src = Mailboxes.open(source.endpoint(), source.credentials("user5"))) {
			append(src, "INBOX", 5, Set.of(), Instant.parse("2024-01-01T00:00:00Z"));
			src.append("INBOX", TestMessages.ofSize("too big", 300 * 1024), Set.of(), Instant.parse("2024-01-02T00:00:00Z"));
			append(src, "INBOX", 5, Set.of(), Instant.parse("2024-01-03T00:00:00Z"));
			MigrationRequest request = request(UUID.randomUUID(), 1, source.endpoint(), source.credentials("user5"),
					strict.endpoint(), strict.credentials("user5"), MigrationOptions.DEFAULTS);

			// when
			publish(request);

			// then
			assertThat(awaitPassEnd(request, Duration.ofMinutes(1))).isEqualTo("COMPLETED");
			List<MigrationEvent> events = events(request.migrationId());
			assertThat(events).filteredOn(MessageSkipped.class::isInstance)
				.singleElement()
				.isInstanceOfSatisfying(MessageSkipped.class, s -> {
					assertThat(s.reason()).isEqualTo(SkipReason.TOO_BIG_FOR_DESTINATION);
					assertThat(s.size()).isEqualTo(300 * 1024);
					assertThat(s.folder()).isEqualTo("INBOX");
				});
			assertThat(events).last().isInstanceOfSatisfying(MigrationCompleted.class, c -> {
				assertThat(c.messagesCopied()).isEqualTo(10);
				assertThat(c.messagesSkipped()).isEqualTo(1);
				assertThat(c.withErrors()).isTrue();
			});
			try (Mailboxes dst = Mailboxes.open(strict.endpoint(), strict.credentials("user5"))) {
				assertThat(dst.count("INBOX")).isEqualTo(10);
			}
		}
	}

	@Test
	void passShouldRunOnceWhenItsRequestIsDeliveredTwice() {
		// given
		try (Mailboxes src = Mailboxes.open(source.endpoint(), source.credentials("user6"))) {
			src.create("Deux fois", true);
			append(src, "Deux fois", 40, Set.of(), Instant.parse("2024-02-02T00:00:00Z"));
		}
		MigrationRequest request = request("user6", "user6", 1);

		// when the same request arrives twice, the second while the pass runs
		publish(request);
		publish(request);

		// then
		assertThat(awaitPassEnd(request, Duration.ofMinutes(1))).isEqualTo("COMPLETED");
		publish(request); // and once more after it completed
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM batch_job_execution e
				JOIN batch_job_execution_params p ON p.job_execution_id = e.job_execution_id
				WHERE p.parameter_name = 'pass' AND p.parameter_value = ?""", Long.class, request.passKey()))
			.as("job executions of the pass").isEqualTo(1);
		try (Mailboxes dst = Mailboxes.open(destination.endpoint(), destination.credentials("user6"))) {
			assertThat(dst.count("Deux fois")).isEqualTo(40);
		}
	}

	@Test
	void passShouldCopyFromGreenMailByteIdenticalWhenTheSourceHasNoSpecialUseNorCondstore() {
		// given an in-JVM GreenMail source: no SPECIAL-USE, no CONDSTORE, no AUTH=PLAIN
		GreenMail greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
		greenMail.start();
		try {
			greenMail.setUser("gm@localhost", "gm", "gm-secret");
			ImapEndpoint greenMailEndpoint = new ImapEndpoint("127.0.0.1", greenMail.getImap().getPort(),
					Security.NONE);
			Credentials login = new Credentials("gm", "gm-secret");
			try (Mailboxes src = Mailboxes.open(greenMailEndpoint, login)) {
				src.create("Factures", true).create("Factures/2024", true);
				append(src, "INBOX", 6, Set.of("\\Seen"), Instant.parse("2012-12-12T12:12:12Z"));
				append(src, "Factures", 3, Set.of("\\Flagged", "$Label1"), Instant.parse("2024-04-04T04:04:04Z"));
				append(src, "Factures/2024", 2, Set.of(), Instant.parse("1999-09-09T09:09:09Z"));
			}
			MigrationRequest request = request(UUID.randomUUID(), 1, greenMailEndpoint, login, destination.endpoint(),
					destination.credentials("user6"), MigrationOptions.DEFAULTS);

			// when
			publish(request);

			// then
			assertThat(awaitPassEnd(request, Duration.ofMinutes(1))).isEqualTo("COMPLETED");
			try (Mailboxes src = Mailboxes.open(greenMailEndpoint, login);
					Mailboxes dst = Mailboxes.open(destination.endpoint(), destination.credentials("user6"))) {
				Map<String, List<String>> s = src.contents();
				Map<String, List<String>> d = dst.contents();
				for (String folder : List.of("INBOX", "Factures", "Factures/2024")) {
					assertThat(d.get(folder)).as(folder).isNotEmpty().isEqualTo(s.get(folder));
				}
			}
		}
		finally {
			greenMail.stop();
		}
	}

	@Test
	void runningPassShouldStopAtAChunkBoundaryWhenCancelledAndResumeWhenRestarted() {
		// given a pass in the middle of a copy: 4,000 messages are 8 chunks, so the cancel arrives mid-copy
		try (Mailboxes src = Mailboxes.open(source.endpoint(), source.credentials("user7"))) {
			for (int i = 0; i < 4000; i++) {
				src.append("INBOX", TestMessages.ordinary(i, 3_000), Set.of(), Instant.parse("2024-03-03T00:00:00Z"));
			}
		}
		MigrationRequest request = request("user7", "user7", 1);
		publish(request);
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() -> this.jdbc.queryForObject(
				"SELECT count(*) FROM message_ledger WHERE pass_key = ?", Long.class, request.passKey()) >= 60);

		// when the migration is cancelled
		cancel(request.migrationId());

		// then the pass stops at a chunk boundary: what is at the destination is exactly what is committed
		await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(passState(request)));
		long committed = this.jdbc.queryForObject("SELECT count(*) FROM message_ledger WHERE pass_key = ?", Long.class,
				request.passKey());
		assertThat(committed).as("stopped before the end").isLessThan(4000);
		try (Mailboxes dst = Mailboxes.open(destination.endpoint(), destination.credentials("user7"))) {
			assertThat(dst.count("INBOX")).isEqualTo(committed);
		}
		assertThat(events(request.migrationId())).last()
			.isInstanceOfSatisfying(io.mailmig.common.event.MigrationCancelled.class,
					c -> assertThat(c.messagesCopied()).isEqualTo(committed));

		// when it is restarted (the same pass, asked again after the cancel)
		MigrationRequest restart = request(request.migrationId(), "user7", "user7", 1);
		publish(restart);

		// then it resumes and completes with every message once
		assertThat(awaitPassEnd(restart, Duration.ofMinutes(1))).isEqualTo("COMPLETED");
		assertSameContents("user7", Map.of("INBOX", "INBOX"));
		try (Mailboxes dst = Mailboxes.open(destination.endpoint(), destination.credentials("user7"))) {
			assertThat(dst.count("INBOX")).isEqualTo(4000);
		}
	}

	private MigrationRequest request(String sourceUser, String destinationUser, int pass) {
		return request(UUID.randomUUID(), sourceUser, destinationUser, pass);
	}

	private MigrationRequest request(UUID migrationId, String sourceUser, String destinationUser, int pass) {
		return request(migrationId, pass, source.endpoint(), source.credentials(sourceUser), destination.endpoint(),
				destination.credentials(destinationUser), MigrationOptions.DEFAULTS);
	}

	private MigrationCompleted completion(MigrationRequest request) {
		return events(request.migrationId()).stream()
			.filter(e -> e instanceof MigrationCompleted && e.pass() == request.pass())
			.map(MigrationCompleted.class::cast)
			.findFirst()
			.orElseThrow();
	}

	/** The per-chunk progress events add up to the pass's totals and to the folders' copied counts. */
	static void assertProgressAddsUp(List<MigrationEvent> events) {
		Map<String, Long> lastCumulative = new HashMap<>();
		long chunkSum = 0;
		long chunkBytes = 0;
		for (MigrationEvent e : events) {
			if (e instanceof FolderCopyProgressed p) {
				chunkSum += p.chunkMessages();
				chunkBytes += p.chunkBytes();
				lastCumulative.put(p.partition(), p.messagesCopied());
			}
		}
		MigrationCompleted completed = (MigrationCompleted) events.get(events.size() - 1);
		long foldersCopied = events.stream()
			.filter(FolderCompleted.class::isInstance)
			.mapToLong(e -> ((FolderCompleted) e).copied())
			.sum();
		assertThat(chunkSum).isEqualTo(completed.messagesCopied()).isEqualTo(foldersCopied);
		assertThat(lastCumulative.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(completed.messagesCopied());
		assertThat(chunkBytes).isEqualTo(completed.bytesCopied());
	}

	private static void assertSameContents(String user, Map<String, String> folders) {
		try (Mailboxes src = Mailboxes.open(source.endpoint(), source.credentials(user));
				Mailboxes dst = Mailboxes.open(destination.endpoint(), destination.credentials(user))) {
			Map<String, List<String>> s = src.contents();
			Map<String, List<String>> d = dst.contents();
			folders.forEach((from, to) -> assertThat(d.get(to)).as(from).isEqualTo(s.get(from)));
		}
	}

	static void append(Mailboxes mailboxes, String folder, int count, Set<String> flags, Instant date) {
		for (int i = 0; i < count; i++) {
			String subject = folder + " message " + i + " " + date + " " + flags;
			mailboxes.append(folder, TestMessages.small(subject), flags, date);
		}
	}

}
