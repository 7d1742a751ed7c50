package io.mailmig.api.preflight;

import io.mailmig.common.testing.AppendLimitProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.mailmig.api.ApiClient;
import io.mailmig.api.ApiClient.Response;
import io.mailmig.api.ApiIntegrationTestSupport;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.DovecotServer.SpecialUseFolders;
import io.mailmig.common.testing.TestMailbox;
import io.mailmig.common.testing.TestMessages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pre-flight over the real api, PostgreSQL, Kafka and two Dovecot servers: a destination with a
 * storage quota, also reached through a proxy that announces an APPENDLIMIT. Each test uses its own
 * accounts.
 */
class PreflightIntegrationTests extends ApiIntegrationTestSupport {

	private static final long QUOTA = 200 * 1024;

	private static final long APPEND_LIMIT = 100_000;

	/** Bytes per second assumed for the estimated duration. */
	private static final long THROUGHPUT = 10 * 1024;

	private static DovecotServer source;

	private static DovecotServer destination;

	private static AppendLimitProxy limited;

	@DynamicPropertySource
	static void throughput(DynamicPropertyRegistry registry) {
		registry.add("mailmig.api.preflight.assumed-throughput", () -> THROUGHPUT + "B");
	}

	@BeforeAll
	static void startImap() {
		source = DovecotServer.builder().separator('/').specialUse(SpecialUseFolders.ENGLISH).users(8).build().start();
		destination = DovecotServer.builder()
			.separator('.')
			.specialUse(SpecialUseFolders.FRENCH)
			.quota(QUOTA)
			.users(8)
			.build()
			.start();
		limited = AppendLimitProxy.start(destination.port(), APPEND_LIMIT);
	}

	@AfterAll
	static void stopImap() {
		limited.close();
		source.close();
		destination.close();
	}

	@Test
	void preflightShouldPassAndPublishTheRequestWhenAccountIsNormal() {
		// given: 3 messages in 2 folders at the source; the destination has only its own empty folders
		byte[] first = TestMessages.ofSize("first", 3000);
		byte[] second = TestMessages.ofSize("second", 12_000);
		byte[] third = TestMessages.ofSize("third", 5000);
		try (TestMailbox mailbox = sourceMailbox("user1")) {
			mailbox.create("Archive");
			mailbox.append("INBOX", first, Instant.parse("2024-01-02T10:00:00Z"), "\\Seen");
			mailbox.append("INBOX", second, Instant.parse("2024-01-03T10:00:00Z"));
			mailbox.append("Archive", third, Instant.parse("2023-05-01T10:00:00Z"));
		}

		// when
		Response created = createPlan("user1", "secret", destination.port(), "{}", true);

		// then: answered at once, then checked and queued
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		UUID id = awaitState(created, "QUEUED");
		assertThat(requestsOf(id)).singleElement().satisfies(r -> assertThat(r.pass()).isEqualTo(1));
		JsonNode preflight = migration(id).get("preflight");
		assertThat(preflight.get("state").asString()).isEqualTo("PASSED");
		assertThat(preflight.get("checks")).extracting(c -> c.get("name").asString() + ":" + c.get("status").asString())
			.containsExactly("SOURCE_LOGIN:OK", "DESTINATION_LOGIN:OK", "CAPABILITIES:OK", "FOLDERS:OK",
					"DESTINATION_EMPTY:OK", "DESTINATION_QUOTA:OK", "MESSAGE_SIZE:OK");
		// INBOX, Archive and the four special-use folders
		assertThat(preflight.get("folders").asInt()).isEqualTo(6);
		assertThat(preflight.get("messages").asLong()).isEqualTo(3);
		long bytes = first.length + second.length + third.length;
		assertThat(preflight.get("bytes").asLong()).isEqualTo(bytes);
		assertThat(preflight.get("largestMessage").asLong()).isEqualTo(second.length);
		assertThat(Duration.parse(preflight.get("estimatedDuration").asString()))
			.isEqualTo(Duration.ofSeconds((bytes + THROUGHPUT - 1) / THROUGHPUT));
		assertThat(check(preflight, "DESTINATION_QUOTA").get("detail").asString()).contains("200.0 KiB");
		JsonNode plan = this.api.get("/api/v1/plans/" + planId(created), ApiClient.VIEWER).json();
		assertThat(plan.get("preflight").get("passed").asLong()).isEqualTo(1);
		assertThat(plan.get("preflight").get("messages").asLong()).isEqualTo(3);
		assertThat(plan.get("preflight").get("bytes").asLong()).isEqualTo(bytes);
	}

	@Test
	void preflightShouldFailWithAuthenticationAndPublishNothingWhenSourcePasswordIsWrong() {
		// when
		Response created = createPlan("user2", "Wr0ng-S3cret", destination.port(), "{}", true);

		// then
		UUID id = awaitState(created, "FAILED");
		JsonNode migration = migration(id);
		assertThat(migration.get("error").get("type").asString()).isEqualTo("AUTHENTICATION");
		assertThat(migration.get("error").get("detail").asString()).contains("SOURCE_LOGIN")
			.contains("the source 127.0.0.1:" + source.port() + " refused the login for user2");
		JsonNode preflight = migration.get("preflight");
		assertThat(preflight.get("state").asString()).isEqualTo("FAILED");
		assertThat(check(preflight, "SOURCE_LOGIN").get("status").asString()).isEqualTo("FAIL");
		assertThat(check(preflight, "DESTINATION_LOGIN").get("status").asString()).isEqualTo("OK");
		assertThat(migration.get("passes")).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM request_outbox WHERE migration_id = ?", Long.class, id))
			.isZero();
		assertThat(requestsOf(id)).isEmpty();
		assertThat(migration.toString()).doesNotContain("S3cret");
		JsonNode plan = this.api.get("/api/v1/plans/" + planId(created), ApiClient.VIEWER).json();
		assertThat(plan.get("state").asString()).isEqualTo("FAILED");
		assertThat(plan.get("preflight").get("failed").asLong()).isEqualTo(1);
	}

	@Test
	void preflightShouldBlockByDefaultAndOnlyWarnWhenAllowedWhenDestinationHoldsMessages() {
		// given: a message already at the destination
		try (TestMailbox mailbox = TestMailbox.open("127.0.0.1", destination.port(), "user3", "secret")) {
			mailbox.append("INBOX", TestMessages.small("already there"), Instant.now());
		}

		// when
		Response strict = createPlan("user3", "secret", destination.port(), "{}", true);
		Response lenient = createPlan("user3", "secret", destination.port(), "{\"destinationMustBeEmpty\": false}",
				true);

		// then: blocked, nothing published
		UUID blocked = awaitState(strict, "FAILED");
		JsonNode migration = migration(blocked);
		assertThat(migration.get("error").get("type").asString()).isEqualTo("PREFLIGHT");
		assertThat(migration.get("error").get("detail").asString()).contains("DESTINATION_EMPTY")
			.contains("already holds 1 message(s): INBOX (1)");
		assertThat(check(migration.get("preflight"), "DESTINATION_EMPTY").get("status").asString()).isEqualTo("FAIL");
		assertThat(requestsOf(blocked)).isEmpty();
		// and only a warning when the plan allows it
		UUID warned = awaitState(lenient, "QUEUED");
		JsonNode preflight = migration(warned).get("preflight");
		assertThat(preflight.get("state").asString()).isEqualTo("WARNED");
		assertThat(check(preflight, "DESTINATION_EMPTY").get("status").asString()).isEqualTo("WARN");
		assertThat(migration(warned).get("error").isNull()).isTrue();
		await().untilAsserted(() -> assertThat(requestsOf(warned)).hasSize(1));
	}

	@Test
	void preflightShouldBlockUnlessMaxMessageSizeSkipsThemWhenMessagesAreOverTheDestinationAppendLimit() {
		// given: one message over the limit the destination announces
		byte[] big = TestMessages.ofSize("big", 150_000);
		try (TestMailbox mailbox = sourceMailbox("user4")) {
			mailbox.append("INBOX", big, Instant.now());
			mailbox.append("INBOX", TestMessages.small("small"), Instant.now());
		}

		// when
		Response strict = createPlan("user4", "secret", limited.port(), "{}", true);
		Response skipping = createPlan("user4", "secret", limited.port(), "{\"maxMessageSize\": \"90KB\"}", true);

		// then
		UUID blocked = awaitState(strict, "FAILED");
		JsonNode migration = migration(blocked);
		assertThat(migration.get("error").get("type").asString()).isEqualTo("PREFLIGHT");
		JsonNode size = check(migration.get("preflight"), "MESSAGE_SIZE");
		assertThat(size.get("status").asString()).isEqualTo("FAIL");
		assertThat(size.get("detail").asString()).contains("1 message(s) are larger than the destination accepts")
			.contains("APPENDLIMIT 97.7 KiB");
		assertThat(migration.get("preflight").get("largestMessage").asLong()).isEqualTo(big.length);
		assertThat(requestsOf(blocked)).isEmpty();
		// the plan that skips what is too big passes with a warning, counting only what it copies
		UUID skipped = awaitState(skipping, "QUEUED");
		JsonNode preflight = migration(skipped).get("preflight");
		assertThat(check(preflight, "MESSAGE_SIZE").get("status").asString()).isEqualTo("WARN");
		assertThat(check(preflight, "MESSAGE_SIZE").get("detail").asString())
			.contains("1 message(s) larger than options.maxMessageSize");
		assertThat(preflight.get("messages").asLong()).isEqualTo(1);
	}

	@Test
	void preflightShouldBlockWhenSourceHoldsMoreThanTheDestinationQuotaLeaves() {
		// given: 240 KB at the source, a 200 KiB quota at the destination
		try (TestMailbox mailbox = sourceMailbox("user5")) {
			for (int i = 0; i < 3; i++) {
				mailbox.append("INBOX", TestMessages.ofSize("part " + i, 80_000), Instant.now());
			}
		}

		// when
		Response created = createPlan("user5", "secret", destination.port(), "{}", true);

		// then
		UUID id = awaitState(created, "FAILED");
		JsonNode migration = migration(id);
		assertThat(migration.get("error").get("type").asString()).isEqualTo("PREFLIGHT");
		JsonNode quota = check(migration.get("preflight"), "DESTINATION_QUOTA");
		assertThat(quota.get("status").asString()).isEqualTo("FAIL");
		assertThat(quota.get("detail").asString()).contains("234.4 KiB to copy")
			.contains("the destination's quota leaves 200.0 KiB");
		assertThat(migration.get("preflight").get("bytes").asLong()).isEqualTo(240_000);
		assertThat(requestsOf(id)).isEmpty();
	}

	@Test
	void startShouldQueueAMigrationWhosePreflightPassedWhenPlanWasADraft() {
		// given
		Response created = createPlan("user6", "secret", destination.port(), "{}", false);
		UUID id = awaitState(created, "READY");
		assertThat(requestsOf(id)).isEmpty();

		// when
		Response started = this.api.post("/api/v1/plans/" + planId(created) + "/start", null, ApiClient.OPERATOR);

		// then
		assertThat(started.status()).isEqualTo(202);
		await().untilAsserted(() -> assertThat(requestsOf(id)).hasSize(1));
		assertThat(migration(id).get("state").asString()).isEqualTo("QUEUED");
	}

	@Test
	void restartShouldRunThePreflightAgainWhenItFailed() {
		// given
		Response created = createPlan("user7", "Wr0ng-S3cret", destination.port(), "{}", true);
		UUID id = awaitState(created, "FAILED");
		Instant firstRun = Instant.parse(migration(id).get("preflight").get("startedAt").asString());

		// when
		Response restarted = this.api.post("/api/v1/migrations/" + id + "/restart", null, ApiClient.OPERATOR);

		// then: checked again, and failed again, still with nothing published
		assertThat(restarted.status()).isEqualTo(202);
		assertThat(restarted.json().get("state").asString()).isIn("PENDING", "PREFLIGHT", "FAILED");
		await().untilAsserted(() -> {
			JsonNode migration = migration(id);
			assertThat(Instant.parse(migration.get("preflight").get("startedAt").asString())).isAfter(firstRun);
			assertThat(migration.get("state").asString()).isEqualTo("FAILED");
			assertThat(migration.get("error").get("type").asString()).isEqualTo("AUTHENTICATION");
		});
		assertThat(requestsOf(id)).isEmpty();
	}

	private static TestMailbox sourceMailbox(String user) {
		return TestMailbox.open("127.0.0.1", source.port(), user, "secret");
	}

	private Response createPlan(String user, String sourcePassword, int destinationPort, String options,
			boolean start) {
		Response created = this.api.post("/api/v1/plans", """
				{"name": "pre-flight of %1$s",
				 "source": {"host": "127.0.0.1", "port": %2$d, "security": "NONE"},
				 "destination": {"host": "127.0.0.1", "port": %3$d, "security": "NONE"},
				 "options": %4$s, "start": %5$s,
				 "accounts": [{"sourceUser": "%1$s", "sourcePassword": "%6$s", "destinationUser": "%1$s",
				               "destinationPassword": "secret"}]}"""
			.formatted(user, source.port(), destinationPort, options, start, sourcePassword), ApiClient.OPERATOR);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created;
	}

	/** Waits until the plan's only migration is in {@code state}; its id. */
	private UUID awaitState(Response created, String state) {
		String planId = planId(created);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode migrations = this.api.get("/api/v1/plans/" + planId + "/migrations", ApiClient.VIEWER).json();
			assertThat(migrations).singleElement()
				.satisfies(m -> assertThat(m.get("state").asString()).as(m.toString()).isEqualTo(state));
		});
		return UUID.fromString(this.api.get("/api/v1/plans/" + planId + "/migrations", ApiClient.VIEWER)
			.json()
			.get(0)
			.get("id")
			.asString());
	}

	private static String planId(Response created) {
		return created.json().get("id").asString();
	}

	private JsonNode migration(UUID id) {
		Response response = this.api.get("/api/v1/migrations/" + id, ApiClient.VIEWER);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static JsonNode check(JsonNode preflight, String name) {
		for (JsonNode check : preflight.get("checks")) {
			if (check.get("name").asString().equals(name)) {
				return check;
			}
		}
		throw new AssertionError("no check " + name + " in " + preflight);
	}

	private static List<MigrationRequest> requestsOf(UUID migrationId) {
		return worker.poll().stream().filter(r -> r.migrationId().equals(migrationId)).toList();
	}

}
