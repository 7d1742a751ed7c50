package io.mailmig.common.event;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.mailmig.common.crypto.CredentialCipher;
import io.mailmig.common.crypto.SealedCredentials;
import io.mailmig.common.event.FoldersDiscovered.DiscoveredFolder;
import io.mailmig.common.event.FoldersDiscovered.RejectedFolder;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.MigrationOptions;
import io.mailmig.common.model.Security;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka contracts. Each event's first published shape is kept under {@code events/} as a fixture:
 * changes are additive, so every old payload must still read.
 */
class MigrationEventJsonTests {

	private static final UUID MIGRATION = UUID.fromString("11111111-2222-3333-4444-555555555555");

	static Stream<Arguments> fixtures() {
		return Stream.of(
				Arguments.of("migration-started", new MigrationStarted(id(1), MIGRATION, 1, at("10:00:00"),
						"alice@imap.old.example:993", "alice@outlook.example:993", false, "worker-1")),
				Arguments.of("folders-discovered",
						new FoldersDiscovered(id(2), MIGRATION, 1, at("10:00:01"),
								List.of(new DiscoveredFolder("INBOX", "INBOX", 120, 5_000_000, 120, 5_000_000),
										new DiscoveredFolder("Éléments envoyés", "Sent", 30, 900_000, 30, 900_000)),
								List.of(new RejectedFolder("[Gmail]/Tous les messages", "virtual folder (\\All)")))),
				Arguments.of("folder-copy-progressed", new FolderCopyProgressed(id(3), MIGRATION, 1, at("10:00:02"),
						"INBOX", "INBOX", 50, 2_000_000, 100, 4_000_000, 1)),
				Arguments.of("message-skipped", new MessageSkipped(id(4), MIGRATION, 1, at("10:00:03"), "INBOX", 4242,
						52_428_800, SkipReason.TOO_BIG_FOR_DESTINATION, "NO [TOOBIG] Message too large")),
				Arguments.of("folder-completed", new FolderCompleted(id(5), MIGRATION, 1, at("10:00:04"),
						"Éléments envoyés", "Sent", 30, 30, 0, 30, 30, 0)),
				Arguments.of("migration-completed",
						new MigrationCompleted(id(6), MIGRATION, 1, at("10:00:05"), 149, 5_900_000, 1, true)),
				Arguments.of("migration-failed", new MigrationFailed(id(7), MIGRATION, 2, at("11:00:00"),
						FailureType.AUTHENTICATION, "destination refused the login of alice", false)),
				Arguments.of("migration-cancelled",
						new MigrationCancelled(id(8), MIGRATION, 3, at("12:00:00"), 42)));
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void readShouldGiveEventWhenPayloadIsTheKeptFixture(String type, MigrationEvent expected) throws IOException {
		// given
		String json = fixture(type);

		// when
		MigrationEvent event = Json.mapper().readValue(json, MigrationEvent.class);

		// then
		assertThat(event).isEqualTo(expected);
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void writeShouldRoundTripWithKebabCaseTypeWhenEventIsSerialized(String type, MigrationEvent event) {
		// when
		String json = Json.mapper().writeValueAsString(event);

		// then
		assertThat(json).contains("\"type\":\"" + type + "\"");
		assertThat(Json.mapper().readValue(json, MigrationEvent.class)).isEqualTo(event);
		JsonNode node = Json.mapper().readTree(json);
		assertThat(node.get("occurredAt").isString()).as("instants are ISO-8601 strings").isTrue();
	}

	@Test
	void fixturesShouldCoverEveryEventTypeWhenFamilyGrows() {
		// given
		List<Class<?>> covered = fixtures().<Class<?>>map(a -> a.get()[1].getClass()).toList();

		// when
		Class<?>[] permitted = MigrationEvent.class.getPermittedSubclasses();

		// then
		assertThat(covered).containsExactlyInAnyOrder(permitted);
	}

	@Test
	void readShouldIgnoreUnknownFieldsWhenPayloadComesFromNewerWriter() {
		// given
		String json = """
				{"type":"migration-completed","eventId":"00000000-0000-0000-0000-000000000006",
				 "migrationId":"11111111-2222-3333-4444-555555555555","pass":1,"occurredAt":"2025-01-15T10:00:05Z",
				 "messagesCopied":149,"bytesCopied":5900000,"messagesSkipped":1,"withErrors":true,
				 "addedLater":{"nested":[1,2,3]},"anotherNewField":"x"}
				""";

		// when
		MigrationEvent event = Json.mapper().readValue(json, MigrationEvent.class);

		// then
		assertThat(event).isInstanceOf(MigrationCompleted.class);
		assertThat(((MigrationCompleted) event).messagesCopied()).isEqualTo(149);
	}

	@Test
	void readShouldGiveRequestWhenPayloadIsTheKeptFixture() throws IOException {
		// when
		MigrationRequest request = Json.mapper().readValue(fixture("migration-request"), MigrationRequest.class);

		// then
		assertThat(request.migrationId()).isEqualTo(MIGRATION);
		assertThat(request.source()).isEqualTo(new ImapEndpoint("imap.old.example", 993, Security.TLS));
		assertThat(request.destinationCredentials().mailbox()).isEqualTo("alice@example.org");
		assertThat(request.options().excludeFolders()).containsExactly("\\Junk");
		assertThat(request.options().maxMessageSize()).isEqualTo(36_700_160L);
		assertThat(request.passKey()).isEqualTo(MIGRATION + "/1");
	}

	@Test
	void writeShouldCarryOnlySealedPasswordsWhenRequestIsSerialized() {
		// given
		CredentialCipher cipher = new CredentialCipher(CredentialCipher.generateKey());
		MigrationRequest request = new MigrationRequest(MIGRATION, 3,
				new ImapEndpoint("imap.old.example", 993, Security.TLS),
				SealedCredentials.seal(new Credentials("alice", "clear-source-pw"), cipher),
				new ImapEndpoint("outlook.example", 143, Security.STARTTLS),
				SealedCredentials.seal(new Credentials("admin", "clear-destination-pw", "alice@example.org"), cipher),
				new MigrationOptions(List.of("INBOX"), List.of("Junk"), Instant.parse("2020-01-01T00:00:00Z"), 1024L),
				at("09:59:00"));

		// when
		String json = Json.mapper().writeValueAsString(request);
		MigrationRequest read = Json.mapper().readValue(json, MigrationRequest.class);

		// then
		assertThat(json).doesNotContain("clear-source-pw", "clear-destination-pw").contains("\"sealedPassword\":\"v1:");
		assertThat(read).isEqualTo(request);
		assertThat(read.sourceCredentials().open(cipher).password()).isEqualTo("clear-source-pw");
	}

	private static String fixture(String name) throws IOException {
		try (InputStream in = MigrationEventJsonTests.class.getResourceAsStream("/events/" + name + ".json")) {
			assertThat(in).as("fixture events/%s.json", name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static UUID id(int n) {
		return UUID.fromString("00000000-0000-0000-0000-00000000000" + n);
	}

	private static Instant at(String time) {
		return Instant.parse("2025-01-15T" + time + "Z");
	}

}
