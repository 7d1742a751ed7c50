package io.mailmig.api.progress;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.mailmig.api.ApiClient;
import io.mailmig.api.ApiClient.Response;
import io.mailmig.api.ApiIntegrationTestSupport;
import io.mailmig.api.TestImap;
import io.mailmig.common.event.FailureType;
import io.mailmig.common.event.FolderCompleted;
import io.mailmig.common.event.FolderCopyProgressed;
import io.mailmig.common.event.FoldersDiscovered;
import io.mailmig.common.event.FoldersDiscovered.DiscoveredFolder;
import io.mailmig.common.event.MessageSkipped;
import io.mailmig.common.event.MigrationCompleted;
import io.mailmig.common.event.MigrationFailed;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.event.MigrationStarted;
import io.mailmig.common.event.SkipReason;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read model, the commands and the event stream, with the worker played over a real Kafka broker:
 * requests are read from {@code mailmig.migration-requests}, events published to
 * {@code mailmig.migration-events}.
 */
class ProgressIntegrationTests extends ApiIntegrationTestSupport {

	private static final String PLAN = """
			{"name": "%s", "source": %s, "destination": %s,
			 "mode": "%s", "options": {"syncInterval": "1s"},
			 "accounts": [%s]}""";

	private static final String ACCOUNT = """
			{"sourceUser": "%s", "sourcePassword": "Src-S3cret-%s", "destinationUser": "%s", "destinationPassword": "Dst-S3cret-%s"}""";

	@Test
	void readModelShouldFollowAPassFromStartToCompletionWhenWorkerReportsIt() {
		// given
		String planId = createPlan("ONE_SHOT", "alice", "bob");
		MigrationRequest alice = request("alice");
		request("bob");
		UUID id = alice.migrationId();
		Instant started = Instant.now().minusSeconds(10);

		// when: the pass starts, discovers 15 messages, copies 4 of them
		worker.publish(new MigrationStarted(UUID.randomUUID(), id, 1, started, "alice@old", "alice@new", false, "w1"),
				new FoldersDiscovered(UUID.randomUUID(), id, 1, started,
						List.of(new DiscoveredFolder("INBOX", "INBOX", 10, 1000, 10, 1000),
								new DiscoveredFolder("Sent", "Sent Items", 5, 500, 5, 500)),
						List.of()),
				progressed(id, "INBOX", 4, 400, 4, 400, 0));

		// then
		await().untilAsserted(() -> {
			JsonNode migration = migration(id);
			assertThat(migration.get("state").asString()).isEqualTo("RUNNING");
			assertThat(migration.get("messages").get("copied").asLong()).isEqualTo(4);
			assertThat(migration.get("messages").get("total").asLong()).isEqualTo(15);
		});
		JsonNode plan = this.api.get("/api/v1/plans/" + planId, ApiClient.VIEWER).json();
		assertThat(plan.get("state").asString()).isEqualTo("RUNNING");
		assertThat(plan.get("migrations").get("RUNNING").asLong()).isEqualTo(1);
		assertThat(plan.get("migrations").get("QUEUED").asLong()).isEqualTo(1);
		assertThat(plan.get("bytes").get("copied").asLong()).isEqualTo(400);
		assertThat(plan.get("bytes").get("total").asLong()).isEqualTo(1500);
		// 400 bytes in about 10 s, 1100 to go: about 27 s from now
		Instant eta = Instant.parse(plan.get("eta").asString());
		assertThat(eta).isBetween(Instant.now().plusSeconds(15), Instant.now().plusSeconds(40));

		// when: the rest of the pass, with a duplicate delivery and a skipped message
		FolderCopyProgressed inboxDone = progressed(id, "INBOX", 6, 600, 10, 1000, 0);
		worker.publish(inboxDone, inboxDone,
				new MessageSkipped(UUID.randomUUID(), id, 1, Instant.now(), "Sent", 3, 99_000_000,
						SkipReason.TOO_BIG_FOR_DESTINATION, "NO [TOOBIG] message too large"),
				progressed(id, "Sent", 4, 400, 4, 400, 1),
				new FolderCompleted(UUID.randomUUID(), id, 1, Instant.now(), "INBOX", "INBOX", 10, 10, 0, 10, 10, 0),
				new FolderCompleted(UUID.randomUUID(), id, 1, Instant.now(), "Sent", "Sent Items", 5, 4, 1, 4, 4, 0),
				new MigrationCompleted(UUID.randomUUID(), id, 1, Instant.now(), 14, 1400, 1, true));

		// then
		await().untilAsserted(
				() -> assertThat(migration(id).get("state").asString()).isEqualTo("COMPLETED_WITH_ERRORS"));
		JsonNode migration = migration(id);
		assertThat(migration.get("messages").get("copied").asLong()).isEqualTo(14);
		assertThat(migration.get("passes")).singleElement().satisfies(pass -> {
			assertThat(pass.get("number").asInt()).isEqualTo(1);
			assertThat(pass.get("startedAt").isNull()).isFalse();
			assertThat(pass.get("finishedAt").isNull()).isFalse();
			assertThat(pass.get("messagesCopied").asLong()).isEqualTo(14);
		});
		assertThat(migration.get("folders")).extracting(f -> f.get("name").asString() + ":" + f.get("state").asString()
				+ ":" + f.get("copied").asLong()).containsExactly("INBOX:COMPLETED:10", "Sent:COMPLETED:4");
		assertThat(migration.get("skipped")).singleElement().satisfies(skipped -> {
			assertThat(skipped.get("folder").asString()).isEqualTo("Sent");
			assertThat(skipped.get("uid").asLong()).isEqualTo(3);
			assertThat(skipped.get("reason").asString()).isEqualTo("TOO_BIG_FOR_DESTINATION");
		});
		assertThat(migration.get("error").isNull()).isTrue();
		JsonNode report = this.api.get("/api/v1/migrations/" + id + "/report", ApiClient.VIEWER).json();
		assertThat(report.get("verified").asBoolean()).isFalse();
		assertThat(report.get("folders")).extracting(f -> f.get("folder").asString() + ":" + f.get("sourceMessages")
				+ ":" + f.get("copied") + ":" + f.get("skipped") + ":" + f.get("verified") + ":" + f.get("status").asString())
			.containsExactly("INBOX:10:10:0:10:VERIFIED", "Sent:5:4:1:4:VERIFIED");
		String metrics = this.api.get("/actuator/prometheus", null).body();
		assertThat(metrics).contains("mailmig_messages_skipped_total{reason=\"TOO_BIG_FOR_DESTINATION\"} 1.0");
		assertThat(metrics).contains("mailmig_pass_duration_seconds_count{outcome=\"completed\"}");
		assertThat(metrics).containsPattern("mailmig_migrations\\{state=\"COMPLETED_WITH_ERRORS\"\\} [1-9]");
	}

	@Test
	void restartShouldPublishTheSamePassAgainWhenMigrationFailed() {
		// given
		createPlan("ONE_SHOT", "carol");
		MigrationRequest carol = request("carol");
		UUID id = carol.migrationId();
		worker.publish(new MigrationStarted(UUID.randomUUID(), id, 1, Instant.now(), "carol", "carol", false, "w1"),
				new MigrationFailed(UUID.randomUUID(), id, 1, Instant.now(), FailureType.AUTHENTICATION,
						"source refused the login of carol", false));
		await().untilAsserted(() -> assertThat(migration(id).get("state").asString()).isEqualTo("FAILED"));
		JsonNode failed = migration(id);
		assertThat(failed.get("error").get("type").asString()).isEqualTo("AUTHENTICATION");
		assertThat(failed.get("error").get("detail").asString()).contains("refused");
		assertThat(this.api.post("/api/v1/migrations/" + id + "/sync", null, ApiClient.OPERATOR).status())
			.isEqualTo(409);

		// when
		Response restarted = this.api.post("/api/v1/migrations/" + id + "/restart", null, ApiClient.OPERATOR);

		// then
		assertThat(restarted.status()).isEqualTo(202);
		assertThat(restarted.json().get("state").asString()).isEqualTo("QUEUED");
		await().untilAsserted(() -> assertThat(requestsOf(id)).extracting(MigrationRequest::pass).containsExactly(1, 1));
		Response again = this.api.post("/api/v1/migrations/" + id + "/restart", null, ApiClient.OPERATOR);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("detail").asString()).contains("QUEUED");
		// the resumed pass completes
		worker.publish(new MigrationStarted(UUID.randomUUID(), id, 1, Instant.now(), "carol", "carol", true, "w2"),
				new MigrationCompleted(UUID.randomUUID(), id, 1, Instant.now(), 3, 300, 0, false));
		await().untilAsserted(() -> assertThat(migration(id).get("state").asString()).isEqualTo("COMPLETED"));
		assertThat(migration(id).get("error").isNull()).isTrue();
	}

	@Test
	void syncUntilCutoverShouldSyncOnScheduleAndCompleteAfterTheFinalPass() {
		// given
		String planId = createPlan("SYNC_UNTIL_CUTOVER", "dave");
		UUID id = request("dave").migrationId();
		assertThat(this.api.post("/api/v1/migrations/" + id + "/cutover", null, ApiClient.OPERATOR).status())
			.isEqualTo(202);
		// (cutover while queued: the final pass follows the first)
		this.jdbc.update("UPDATE migration SET cutover_requested = false WHERE id = ?", id);

		// when: the first pass completes
		worker.publish(new MigrationStarted(UUID.randomUUID(), id, 1, Instant.now(), "dave", "dave", false, "w1"),
				new MigrationCompleted(UUID.randomUUID(), id, 1, Instant.now(), 5, 500, 0, false));

		// then: SYNCED, and after syncInterval (1 s here) the scheduler asks for pass 2
		await().untilAsserted(() -> assertThat(requestsOf(id)).extracting(MigrationRequest::pass).containsExactly(1, 2));
		assertThat(this.api.get("/api/v1/plans/" + planId, ApiClient.VIEWER).json().get("mode").asString())
			.isEqualTo("SYNC_UNTIL_CUTOVER");

		// when: cutover is asked while pass 2 runs
		worker.publish(new MigrationStarted(UUID.randomUUID(), id, 2, Instant.now(), "dave", "dave", false, "w1"));
		await().untilAsserted(() -> assertThat(migration(id).get("state").asString()).isEqualTo("RUNNING"));
		Response cutover = this.api.post("/api/v1/migrations/" + id + "/cutover", null, ApiClient.OPERATOR);
		assertThat(cutover.status()).isEqualTo(202);
		assertThat(cutover.json().get("cutoverRequested").asBoolean()).isTrue();
		worker.publish(new MigrationCompleted(UUID.randomUUID(), id, 2, Instant.now(), 1, 100, 0, false));

		// then: the final pass 3 is asked; the migration completes when it ends
		await().untilAsserted(
				() -> assertThat(requestsOf(id)).extracting(MigrationRequest::pass).containsExactly(1, 2, 3));
		assertThat(migration(id).get("state").asString()).isEqualTo("QUEUED");
		worker.publish(new MigrationStarted(UUID.randomUUID(), id, 3, Instant.now(), "dave", "dave", false, "w1"),
				new MigrationCompleted(UUID.randomUUID(), id, 3, Instant.now(), 2, 200, 0, false));
		await().untilAsserted(() -> assertThat(migration(id).get("state").asString()).isEqualTo("COMPLETED"));
		assertThat(migration(id).get("passes")).extracting(p -> p.get("number").asInt()).containsExactly(1, 2, 3);
		assertThat(migration(id).get("passes").get(2).get("finalPass").asBoolean()).isTrue();
	}

	@Test
	void cancelShouldStopAMigrationAndKeepItCancelledWhenEventsOfItsPassArrive() {
		// given
		createPlan("ONE_SHOT", "erin");
		UUID id = request("erin").migrationId();

		// when
		Response cancelled = this.api.post("/api/v1/migrations/" + id + "/cancel", null, ApiClient.OPERATOR);
		worker.publish(new MigrationStarted(UUID.randomUUID(), id, 1, Instant.now(), "erin", "erin", false, "w1"),
				new MigrationCompleted(UUID.randomUUID(), id, 1, Instant.now(), 2, 200, 0, false));

		// then
		assertThat(cancelled.status()).isEqualTo(202);
		await().untilAsserted(() -> assertThat(migration(id).get("passes").get(0).get("finishedAt").isNull()).isFalse());
		assertThat(migration(id).get("state").asString()).isEqualTo("CANCELLED");
		assertThat(this.api.post("/api/v1/migrations/" + id + "/cancel", null, ApiClient.OPERATOR).status())
			.isEqualTo(409);
		// restarting a cancelled migration whose pass had completed asks for the next pass
		assertThat(this.api.post("/api/v1/migrations/" + id + "/restart", null, ApiClient.OPERATOR).status())
			.isEqualTo(202);
		await().untilAsserted(() -> assertThat(requestsOf(id)).extracting(MigrationRequest::pass).containsExactly(1, 2));
	}

	@Test
	void eventStreamShouldPushProgressWhenEventsArrive() throws Exception {
		// given
		String planId = createPlan("ONE_SHOT", "frank");
		UUID id = request("frank").migrationId();
		List<String> lines = new CopyOnWriteArrayList<>();
		CompletableFuture<HttpResponse<InputStream>> stream = this.api.http()
			.sendAsync(this.api.request("/api/v1/plans/" + planId + "/events", ApiClient.VIEWER)
				.timeout(Duration.ofMinutes(1))
				.header("Accept", "text/event-stream")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofInputStream());
		HttpResponse<InputStream> response = stream.get();
		Thread reader = new Thread(() -> {
			try (var in = new java.io.BufferedReader(
					new java.io.InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
				in.lines().forEach(lines::add);
			}
			catch (java.io.IOException | java.io.UncheckedIOException ex) {
				// the stream is closed at the end of the test
			}
		});
		reader.setDaemon(true);
		reader.start();
		await().until(() -> lines.stream().anyMatch(l -> l.equals("event:plan")));

		// when
		worker.publish(new MigrationStarted(UUID.randomUUID(), id, 1, Instant.now(), "frank", "frank", false, "w1"),
				progressed(id, "INBOX", 7, 700, 7, 700, 0));

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		await().untilAsserted(() -> assertThat(lines).anySatisfy(line -> {
			assertThat(line).startsWith("data:");
			assertThat(line).contains("\"type\":\"folder-copy-progressed\"").contains("\"copied\":7");
		}));
		assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"type\":\"migration-started\"")
			.contains("\"state\":\"RUNNING\""));
		response.body().close();
	}

	@Test
	void passwordsShouldNeverBeStoredOrShownInClear() {
		// given
		String planId = createPlan("ONE_SHOT", "grace");
		UUID id = request("grace").migrationId();
		worker.publish(new MigrationStarted(UUID.randomUUID(), id, 1, Instant.now(), "grace", "grace", false, "w1"));
		await().untilAsserted(() -> assertThat(migration(id).get("state").asString()).isEqualTo("RUNNING"));

		// when: every row of every table, as text
		List<String> tables = this.jdbc.queryForList(
				"SELECT tablename FROM pg_tables WHERE schemaname = 'public'", String.class);
		String dump = tables.stream()
			.flatMap(table -> this.jdbc.queryForList("SELECT t::text FROM " + table + " t", String.class).stream())
			.collect(Collectors.joining("\n"));
		String responses = this.api.get("/api/v1/plans/" + planId, ApiClient.VIEWER).body()
				+ this.api.get("/api/v1/plans/" + planId + "/migrations", ApiClient.VIEWER).body()
				+ this.api.get("/api/v1/migrations/" + id, ApiClient.VIEWER).body()
				+ this.api.get("/api/v1/migrations/" + id + "/report", ApiClient.VIEWER).body();

		// then
		assertThat(tables).contains("plan", "migration", "migration_pass", "request_outbox", "processed_event");
		assertThat(dump).contains("grace@old.example").contains("v1:").doesNotContain("S3cret");
		assertThat(responses).contains("grace@old.example").doesNotContain("S3cret").doesNotContain("v1:");
		assertThat(String.join("\n", worker.rawRequests())).contains("grace@old.example").doesNotContain("S3cret");
	}

	private String createPlan(String mode, String... users) {
		String accounts = java.util.Arrays.stream(users)
			.map(u -> ACCOUNT.formatted(u + "@old.example", u, u + "@new.example", u))
			.collect(Collectors.joining(","));
		Response created = this.api.post("/api/v1/plans",
				PLAN.formatted("plan of " + String.join(", ", users), TestImap.endpoint(TestImap.source()),
						TestImap.endpoint(TestImap.destination()), mode, accounts),
				ApiClient.OPERATOR);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	/** The first request for a user's mailbox, read from Kafka. */
	private static MigrationRequest request(String user) {
		String mailbox = user + "@old.example";
		await().atMost(Duration.ofSeconds(60))
			.until(() -> worker.poll().stream().anyMatch(r -> r.sourceCredentials().mailbox().equals(mailbox)));
		return worker.poll().stream().filter(r -> r.sourceCredentials().mailbox().equals(mailbox)).findFirst().get();
	}

	private static List<MigrationRequest> requestsOf(UUID migrationId) {
		return worker.poll().stream().filter(r -> r.migrationId().equals(migrationId)).toList();
	}

	private JsonNode migration(UUID id) {
		Response response = this.api.get("/api/v1/migrations/" + id, ApiClient.VIEWER);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static FolderCopyProgressed progressed(UUID id, String folder, long chunkMessages, long chunkBytes,
			long messages, long bytes, long skipped) {
		return new FolderCopyProgressed(UUID.randomUUID(), id, 1, Instant.now(), folder, folder + "#0", chunkMessages,
				chunkBytes, messages, bytes, skipped);
	}


}
