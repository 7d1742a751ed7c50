package io.mailmig.standalone;

import io.mailmig.common.testing.AppendLimitProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.DovecotServer.SpecialUseFolders;
import io.mailmig.common.testing.TestMailbox;
import io.mailmig.common.testing.TestMessages;
import io.mailmig.standalone.EndToEnd.Account;
import jakarta.mail.Flags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.mailmig.standalone.EndToEnd.awaitPlanOver;
import static io.mailmig.standalone.EndToEnd.awaitState;
import static io.mailmig.standalone.EndToEnd.check;
import static io.mailmig.standalone.EndToEnd.differences;
import static io.mailmig.standalone.EndToEnd.onlyMigration;
import static io.mailmig.standalone.EndToEnd.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service as the launcher runs it (api and worker in this JVM, embedded PostgreSQL and Kafka)
 * between real Dovecot servers: a source with {@code .} as separator and French special-use folders,
 * a destination with {@code /} and English ones. The servers and the launcher are shared; each test
 * has its own users, and its own destination server when it stops it or limits it.
 */
class EndToEndIntegrationTests {

	private static final Duration PLAN_TIMEOUT = Duration.ofSeconds(90);

	/** Enough for the copy to be stopped in the middle. */
	private static final int MESSAGES_TO_RESUME = 1200;

	@TempDir
	static Path data;

	private static final List<AutoCloseable> resources = new ArrayList<>();

	private static DovecotServer source;

	private static DovecotServer destination;

	private static Api api;

	@BeforeAll
	static void start() throws Exception {
		DovecotServer.Builder sourceUsers = DovecotServer.builder().separator('.').specialUse(SpecialUseFolders.FRENCH);
		DovecotServer.Builder destinationUsers = DovecotServer.builder()
			.separator('/')
			.specialUse(SpecialUseFolders.ENGLISH);
		for (String user : List.of("json1", "json2", "json3", "csv1", "csv2", "csv3", "auth1", "auth2", "auth3",
				"full1", "big1", "resume1", "sync1", "sync2")) {
			sourceUsers.user(user, "src-" + user);
			destinationUsers.user(user, "dst-" + user);
		}
		source = started(sourceUsers.build().start());
		destination = started(destinationUsers.build().start());
		StandaloneLauncher launcher = StandaloneLauncher.start(LaunchOptions.parse(new String[] {
				"--data-dir=" + data, "--server.port=0",
				// small chunks: progress shows while a copy runs, and a stop lands mid-copy
				"--mailmig.worker.chunk-messages=20",
				// a pass that loses its server fails within seconds rather than minutes
				"--mailmig.worker.transient-attempts=2", "--mailmig.worker.transient-backoff=100ms",
				"--mailmig.worker.pass-attempts=2", "--mailmig.worker.pass-retry-delay=1s",
				"--mailmig.worker.connect-timeout=2s",
				// SYNC_UNTIL_CUTOVER plans may sync every few seconds
				"--mailmig.api.min-sync-interval=1s", "--mailmig.api.sync-check-interval=500ms" }, Map.of()),
				Map.of());
		resources.add(launcher);
		api = new Api(launcher.apiPort(), Files.readString(data.resolve("api-token")).strip());
		await().atMost(Duration.ofSeconds(30)).until(api::isUp);
	}

	@AfterAll
	static void stop() throws Exception {
		for (int i = resources.size() - 1; i >= 0; i--) {
			resources.get(i).close();
		}
	}

	@Test
	void jsonAndCsvPlansShouldCompleteWithIdenticalMailboxesWhenEveryAccountIsValid() {
		// given
		List<Account> jsonAccounts = accounts("json1", "json2", "json3");
		List<Account> csvAccounts = accounts("csv1", "csv2", "csv3");
		int seed = 1;
		for (Account account : concat(jsonAccounts, csvAccounts)) {
			EndToEnd.fill(source, account.sourceUser(), account.sourcePassword(), seed, 8 + 4 * seed);
			seed++;
		}

		// when
		String jsonPlan = api.createPlan(plan("json plan", source, destination, "", jsonAccounts))
			.path("id")
			.asString();
		String csvPlan = api.createPlanWithCsv(plan("csv plan", source, destination, "", List.of()),
				EndToEnd.csv(csvAccounts)).path("id").asString();

		// then
		for (String planId : List.of(jsonPlan, csvPlan)) {
			List<JsonNode> migrations = awaitPlanOver(api, planId, 3, PLAN_TIMEOUT);
			assertThat(migrations).allSatisfy(m -> assertThat(m.path("state").asString()).as(m::toString)
				.isEqualTo("COMPLETED"));
			JsonNode plan = api.get("/api/v1/plans/" + planId);
			assertThat(plan.path("state").asString()).isEqualTo("COMPLETED");
			assertThat(plan.path("migrations").path("COMPLETED").asInt()).isEqualTo(3);
			long copied = plan.path("messages").path("copied").asLong();
			assertThat(copied).isEqualTo(plan.path("messages").path("total").asLong())
				.isEqualTo(migrations.stream().mapToLong(m -> m.path("messages").path("copied").asLong()).sum());
			assertThat(plan.path("bytes").path("copied").asLong()).isEqualTo(plan.path("bytes").path("total").asLong())
				.isPositive();
		}
		for (Account account : concat(jsonAccounts, csvAccounts)) {
			assertThat(differences(source, account, destination)).as(account.sourceUser()).isEmpty();
		}
		long expected = IntStream.rangeClosed(1, 6).map(s -> 8 + 4 * s).sum();
		long copied = api.get("/api/v1/plans/" + jsonPlan).path("messages").path("copied").asLong()
				+ api.get("/api/v1/plans/" + csvPlan).path("messages").path("copied").asLong();
		assertThat(copied).isEqualTo(expected);
	}

	@Test
	void accountWithAWrongPasswordShouldFailWithAnAuthenticationErrorWhileTheOthersComplete() {
		// given
		List<Account> accounts = new ArrayList<>(accounts("auth1", "auth2", "auth3"));
		Account wrong = new Account("auth2", "not-the-password", "auth2", "dst-auth2");
		accounts.set(1, wrong);
		for (int i = 0; i < 3; i++) {
			EndToEnd.fill(source, accounts.get(i).sourceUser(), "src-" + accounts.get(i).sourceUser(), 20 + i, 10);
		}

		// when
		String planId = api.createPlan(plan("one wrong password", source, destination, "", accounts))
			.path("id")
			.asString();

		// then
		List<JsonNode> migrations = awaitPlanOver(api, planId, 3, PLAN_TIMEOUT);
		for (JsonNode migration : migrations) {
			if (migration.path("sourceUser").asString().equals("auth2")) {
				assertThat(migration.path("state").asString()).isEqualTo("FAILED");
				assertThat(migration.path("error").path("type").asString()).isEqualTo("AUTHENTICATION");
				assertThat(migration.path("error").path("detail").asString()).contains("auth2");
				assertThat(migration.path("messages").path("copied").asLong()).isZero();
			}
			else {
				assertThat(migration.path("state").asString()).as(migration::toString).isEqualTo("COMPLETED");
				assertThat(migration.path("error").isNull()).isTrue();
			}
		}
		JsonNode plan = api.get("/api/v1/plans/" + planId);
		assertThat(plan.path("migrations").path("COMPLETED").asInt()).isEqualTo(2);
		assertThat(plan.path("migrations").path("FAILED").asInt()).isEqualTo(1);
		assertThat(differences(source, accounts.get(0), destination)).isEmpty();
		assertThat(differences(source, accounts.get(2), destination)).isEmpty();
		assertThat(EndToEnd.snapshot(destination, "auth2", "dst-auth2").messageCount()).isZero();
	}

	@Test
	void preflightShouldBlockAMigrationWhenItsDestinationAlreadyHoldsMail() {
		// given
		Account account = accounts("full1").get(0);
		EndToEnd.fill(source, "full1", "src-full1", 30, 6);
		try (TestMailbox mailbox = TestMailbox.open("127.0.0.1", destination.port(), "full1", "dst-full1")) {
			mailbox.append("INBOX", TestMessages.small("already there"), Instant.now());
		}

		// when
		String planId = api.createPlan(plan("non-empty destination", source, destination, "", List.of(account)))
			.path("id")
			.asString();

		// then
		awaitPlanOver(api, planId, 1, PLAN_TIMEOUT);
		JsonNode migration = api.get("/api/v1/migrations/" + onlyMigration(api, planId));
		assertThat(migration.path("state").asString()).isEqualTo("FAILED");
		assertThat(migration.path("error").path("type").asString()).isEqualTo("PREFLIGHT");
		assertThat(check(migration, "DESTINATION_EMPTY").path("status").asString()).isEqualTo("FAIL");
		assertThat(check(migration, "DESTINATION_EMPTY").path("detail").asString())
			.contains("already holds 1 message(s)");
		assertThat(migration.path("currentPass").asInt()).as("no pass was asked of the worker").isZero();
		assertThat(migration.path("passes")).isEmpty();
		assertThat(migration.path("messages").path("copied").asLong()).isZero();
		assertThat(EndToEnd.snapshot(destination, "full1", "dst-full1").messageCount()).isEqualTo(1);
	}

	/**
	 * Dovecot enforces its maximum message size but does not announce it (no APPENDLIMIT): pre-flight
	 * cannot see the limit and lets the migration run; the worker skips the message the destination
	 * refuses and reports it. Announced (through a proxy adding APPENDLIMIT), the limit blocks the
	 * migration at pre-flight.
	 */
	@Test
	void oversizedMessageShouldBeBlockedAtPreflightWhenTheLimitIsAnnouncedAndSkippedWhenItIsNot() {
		// given
		DovecotServer limited = started(DovecotServer.builder()
			.separator('/')
			.user("big1", "dst-big1")
			.maxMessageSize(64 * 1024)
			.build()
			.start());
		AppendLimitProxy announcing = started(AppendLimitProxy.start(limited.port(), 64 * 1024));
		EndToEnd.fill(source, "big1", "src-big1", 40, 6);
		byte[] big = TestMessages.ofSize("too big", 200_000);
		try (TestMailbox mailbox = TestMailbox.open("127.0.0.1", source.port(), "big1", "src-big1")) {
			mailbox.append("INBOX", big, Instant.parse("2025-01-02T10:00:00Z"));
		}
		List<Account> account = accounts("big1");

		// when
		String blockedPlan = api.createPlan(plan("limit announced", source.port(), announcing.port(), "", account))
			.path("id")
			.asString();
		JsonNode blocked = api.get("/api/v1/migrations/" + onlyMigrationWhenOver(blockedPlan));
		String skippingPlan = api.createPlan(plan("limit not announced", source, limited, "", account))
			.path("id")
			.asString();

		// then: announced, the limit blocks the migration before anything is copied
		assertThat(blocked.path("state").asString()).isEqualTo("FAILED");
		assertThat(blocked.path("error").path("type").asString()).isEqualTo("PREFLIGHT");
		assertThat(check(blocked, "MESSAGE_SIZE").path("status").asString()).isEqualTo("FAIL");
		assertThat(check(blocked, "MESSAGE_SIZE").path("detail").asString())
			.contains("1 message(s) are larger than the destination accepts");
		assertThat(blocked.path("passes")).isEmpty();
		// not announced: pre-flight cannot tell, the worker skips the message and says why
		JsonNode skipped = api.get("/api/v1/migrations/" + onlyMigrationWhenOver(skippingPlan));
		assertThat(check(skipped, "MESSAGE_SIZE").path("status").asString()).isEqualTo("OK");
		assertThat(skipped.path("state").asString()).as(skipped::toString).isEqualTo("COMPLETED_WITH_ERRORS");
		assertThat(skipped.path("skipped")).hasSize(1);
		assertThat(skipped.path("skipped").get(0).path("reason").asString()).isEqualTo("TOO_BIG_FOR_DESTINATION");
		assertThat(skipped.path("skipped").get(0).path("size").asLong()).isEqualTo(big.length);
		assertThat(skipped.path("skipped").get(0).path("folder").asString()).isEqualTo("INBOX");
		List<String> differences = differences(source, account.get(0), limited);
		assertThat(differences).singleElement().asString().startsWith("INBOX: missing at destination");
	}

	@Test
	void failedMigrationShouldResumeAndCompleteWithEveryMessageOnceWhenRestartedFromTheApi() {
		// given: a copy under way to a destination that goes away
		DovecotServer unstable = started(
				DovecotServer.builder().separator('/').user("resume1", "dst-resume1").build().start());
		Account account = accounts("resume1").get(0);
		EndToEnd.fill(source, "resume1", "src-resume1", 50, MESSAGES_TO_RESUME);
		String planId = api.createPlan(plan("destination goes away", source, unstable, "", List.of(account)))
			.path("id")
			.asString();
		String migrationId = onlyMigration(api, planId);
		await().atMost(PLAN_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(
				() -> api.get("/api/v1/migrations/" + migrationId).path("messages").path("copied").asLong() >= 60);
		long copiedAtStop = api.get("/api/v1/migrations/" + migrationId).path("messages").path("copied").asLong();
		unstable.stop();
		JsonNode failed = awaitState(api, migrationId, "FAILED", Duration.ofSeconds(60));
		assertThat(failed.path("error").path("type").asString()).as(failed::toString).isEqualTo("CONNECTION");
		assertThat(failed.path("messages").path("copied").asLong())
			.as("stopped mid-copy (%d copied when the destination stopped)", copiedAtStop)
			.isLessThan(MESSAGES_TO_RESUME);
		int pass = failed.path("currentPass").asInt();

		// when: the server is back and an operator restarts the migration
		unstable.start();
		api.command("/api/v1/migrations/" + migrationId + "/restart");

		// then: the same pass resumes and completes, every message there once
		JsonNode completed = awaitState(api, migrationId, "COMPLETED", PLAN_TIMEOUT);
		assertThat(completed.path("currentPass").asInt()).as("the failed pass resumed").isEqualTo(pass);
		assertThat(completed.path("error").isNull()).isTrue();
		assertThat(differences(source, account, unstable)).isEmpty();
		assertThat(EndToEnd.snapshot(unstable, "resume1", "dst-resume1").messageCount()).isEqualTo(MESSAGES_TO_RESUME);
	}

	@Test
	void syncUntilCutoverPlanShouldCopyMailDeliveredDuringTheMigrationAndCompleteAtCutoverWithNothingMissing() {
		// given: a plan that syncs every 2 seconds until cutover
		Account account = accounts("sync1").get(0);
		EndToEnd.fill(source, "sync1", "src-sync1", 60, 12);
		String planId = api.createPlan(plan("until cutover", source, destination,
				"\"mode\": \"SYNC_UNTIL_CUTOVER\", \"options\": {\"syncInterval\": \"2s\"}", List.of(account)))
			.path("id")
			.asString();
		String migrationId = onlyMigration(api, planId);
		awaitState(api, migrationId, "SYNCED", PLAN_TIMEOUT);
		assertThat(differences(source, account, destination)).isEmpty();

		// when: mail arrives, in an existing folder and in a new one, while it syncs
		EndToEnd.deliver(source, "sync1", "src-sync1", "INBOX", 60_101);
		EndToEnd.deliver(source, "sync1", "src-sync1", "Nouveau dossier", 60_102);

		// then: an incremental pass copies it
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(differences(source, account, destination)).isEmpty());
		JsonNode synced = api.get("/api/v1/migrations/" + migrationId);
		assertThat(synced.path("currentPass").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(synced.path("state").asString()).isIn("SYNCED", "QUEUED", "RUNNING");

		// when: more mail arrives just before the cutover
		EndToEnd.deliver(source, "sync1", "src-sync1", "INBOX", 60_103);
		EndToEnd.deliver(source, "sync1", "src-sync1", "Archives/2024", 60_104);
		api.command("/api/v1/migrations/" + migrationId + "/cutover");

		// then: the final pass copies it and the migration completes
		JsonNode completed = awaitState(api, migrationId, "COMPLETED", PLAN_TIMEOUT);
		JsonNode passes = completed.path("passes");
		assertThat(passes.get(passes.size() - 1).path("finalPass").asBoolean()).as(completed::toString).isTrue();
		assertThat(passes).allSatisfy(p -> assertThat(p.path("outcome").asString()).isEqualTo("COMPLETED"));
		assertThat(differences(source, account, destination)).isEmpty();
		assertThat(EndToEnd.snapshot(destination, "sync1", "dst-sync1").messageCount()).isEqualTo(16);
		assertThat(api.get("/api/v1/plans/" + planId).path("state").asString()).isEqualTo("COMPLETED");
	}

	/**
	 * Issue 3: incremental passes copy "new messages and flag changes" — a flag changed at the source on
	 * a message already copied reaches the destination with the next pass.
	 */
	@Test
	void syncPassShouldCopyAFlagChangedAtTheSourceWhenTheMessageWasAlreadyCopied() {
		// given
		Account account = accounts("sync2").get(0);
		EndToEnd.fill(source, "sync2", "src-sync2", 70, 4);
		String planId = api.createPlan(plan("flags until cutover", source, destination,
				"\"mode\": \"SYNC_UNTIL_CUTOVER\", \"options\": {\"syncInterval\": \"2s\"}", List.of(account)))
			.path("id")
			.asString();
		String migrationId = onlyMigration(api, planId);
		awaitState(api, migrationId, "SYNCED", PLAN_TIMEOUT);

		// when: the owner answers a message that was already copied
		EndToEnd.flagFirst(source, "sync2", "src-sync2", "INBOX", Flags.Flag.ANSWERED);

		// then
		try {
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(differences(source, account, destination)).isEmpty());
		}
		finally {
			api.command("/api/v1/migrations/" + migrationId + "/cancel");
		}
	}

	private static String onlyMigrationWhenOver(String planId) {
		awaitPlanOver(api, planId, 1, PLAN_TIMEOUT);
		return onlyMigration(api, planId);
	}

	private static List<Account> accounts(String... users) {
		return List.of(users).stream().map(u -> new Account(u, "src-" + u, u, "dst-" + u)).toList();
	}

	private static <T> List<T> concat(List<T> first, List<T> second) {
		List<T> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static <T extends AutoCloseable> T started(T resource) {
		resources.add(resource);
		return resource;
	}

}
