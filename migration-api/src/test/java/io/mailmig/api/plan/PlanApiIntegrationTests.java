package io.mailmig.api.plan;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.mailmig.api.ApiClient;
import io.mailmig.api.ApiClient.Response;
import io.mailmig.api.ApiIntegrationTestSupport;
import io.mailmig.api.TestImap;
import io.mailmig.common.crypto.CredentialCipher;
import io.mailmig.common.event.MigrationRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PlanApiIntegrationTests extends ApiIntegrationTestSupport {

	static final String PLAN = """
			{"name": "mxplan-to-pro",
			 "source":      {"host": "imap.old.example", "port": 993, "security": "TLS"},
			 "destination": {"host": "imap.new.example", "port": 993, "security": "TLS",
			                 "admin": {"user": "admin", "password": "Adm1n-S3cret"}},
			 "mode": "ONE_SHOT",
			 "options": {"excludeFolders": ["Junk"], "since": null, "maxMessageSize": "50MB"},
			 "start": %s,
			 "accounts": [{"sourceUser": "%s", "sourcePassword": "Al1ce-S3cret", "destinationUser": "%s"}]}""";

	/** The same plan, against the tests' Dovecot servers. */
	static String plan(boolean start, String user) {
		return """
				{"name": "mxplan-to-pro",
				 "source":      %s,
				 "destination": %s,
				 "mode": "ONE_SHOT",
				 "options": {"excludeFolders": ["Junk"], "since": null, "maxMessageSize": "50MB"},
				 "start": %s,
				 "accounts": [{"sourceUser": "%s@old.example", "sourcePassword": "%s", "destinationUser": "%s@new.example"}]}"""
			.formatted(TestImap.endpoint(TestImap.source()), TestImap.endpointWithAdmin(TestImap.destination()), start,
					user, TestImap.sourcePassword(user), user);
	}

	@Test
	void createShouldAnswerCreatedWithLocationAndPlanWhenJsonPlanIsValid() {
		// given
		String alice = "alice@old.example";

		// when
		Response response = this.api.post("/api/v1/plans", plan(true, "alice"), ApiClient.OPERATOR);

		// then: created at once, its pre-flight running
		assertThat(response.status()).isEqualTo(201);
		JsonNode plan = response.json();
		String id = plan.get("id").asString();
		assertThat(response.location()).endsWith("/api/v1/plans/" + id);
		assertThat(plan.get("name").asString()).isEqualTo("mxplan-to-pro");
		assertThat(plan.get("migrations").get("PENDING").asLong() + plan.get("migrations").get("PREFLIGHT").asLong()
				+ plan.get("migrations").get("QUEUED").asLong()).isEqualTo(1);
		assertThat(plan.get("migrations").get("FAILED").asLong()).isZero();
		assertThat(plan.get("messages").get("copied").asLong()).isZero();
		assertThat(plan.get("messages").has("total")).isTrue();
		assertThat(plan.get("bytes").has("copied")).isTrue();
		assertThat(plan.has("eta")).isTrue();
		assertThat(response.body()).doesNotContain("S3cret");
		// and the request reached Kafka with sealed credentials that the worker can open
		MigrationRequest request = requestFor(alice);
		assertThat(request.pass()).isEqualTo(1);
		assertThat(request.options().maxMessageSize()).isEqualTo(50L * 1024 * 1024);
		assertThat(request.options().excludeFolders()).containsExactly("Junk");
		CredentialCipher cipher = new CredentialCipher(KEY);
		assertThat(request.sourceCredentials().open(cipher).password()).isEqualTo(TestImap.sourcePassword("alice"));
		assertThat(request.destinationCredentials().user()).isEqualTo(TestImap.ADMIN);
		assertThat(request.destinationCredentials().authorizationId()).isEqualTo("alice@new.example");
		assertThat(request.destinationCredentials().open(cipher).password()).isEqualTo(TestImap.ADMIN_PASSWORD);
		// and the plan runs, its pre-flight passed
		JsonNode running = this.api.get("/api/v1/plans/" + id, ApiClient.VIEWER).json();
		assertThat(running.get("state").asString()).isEqualTo("RUNNING");
		assertThat(running.get("migrations").get("QUEUED").asLong()).isEqualTo(1);
		assertThat(running.get("preflight").get("passed").asLong() + running.get("preflight").get("warned").asLong())
			.isEqualTo(1);
	}

	@Test
	void createShouldStoreEveryAccountWhenPlanComesAsJsonAndCsv() {
		// given
		String plan = """
				{"name": "csv plan", "source": %s, "destination": %s, "start": false}"""
			.formatted(TestImap.endpointWithAdmin(TestImap.source()), TestImap.endpoint(TestImap.destination()));
		String csv = "\uFEFFsourceUser,sourcePassword,destinationUser,destinationPassword\r\n"
				+ "a@old.example,," + "a@new.example," + TestImap.destinationPassword("a") + "\r\n"
				+ "b@old.example," + TestImap.sourcePassword("b") + ",b@new.example," + TestImap.destinationPassword("b")
				+ "\r\n" + "c@old.example,,c@new.example,\"" + TestImap.destinationPassword("c") + "\"\r\n";

		// when
		Response created = this.api.postMultipart("/api/v1/plans", plan, csv, ApiClient.OPERATOR);

		// then: created at once, READY once their pre-flight passed
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("state").asString()).isIn("PREFLIGHT", "READY");
		String id = created.json().get("id").asString();
		await().untilAsserted(() -> assertThat(this.api.get("/api/v1/plans/" + id, ApiClient.VIEWER).json()
			.get("migrations")
			.get("READY")
			.asLong()).isEqualTo(3));
		assertThat(this.api.get("/api/v1/plans/" + id, ApiClient.VIEWER).json().get("state").asString())
			.isEqualTo("READY");
		Response migrations = this.api.get("/api/v1/plans/" + id + "/migrations", ApiClient.VIEWER);
		assertThat(migrations.status()).isEqualTo(200);
		JsonNode list = migrations.json();
		assertThat(list.isArray()).isTrue();
		assertThat(list).extracting(m -> m.get("sourceUser").asString())
			.containsExactly("a@old.example", "b@old.example", "c@old.example");
		JsonNode first = list.get(0);
		for (String field : List.of("id", "planId", "sourceUser", "destinationUser", "state", "passes", "folders",
				"skipped", "error")) {
			assertThat(first.has(field)).as(field).isTrue();
		}
		assertThat(first.get("error").isNull()).isTrue();
		assertThat(migrations.body()).doesNotContain("S3cret").doesNotContain(TestImap.ADMIN);
		assertThat(first.get("preflight").get("state").asString()).isEqualTo("PASSED");
		assertThat(this.api.get("/api/v1/plans/" + id + "/migrations?state=READY", ApiClient.VIEWER).json()).hasSize(3);
		assertThat(this.api.get("/api/v1/plans/" + id + "/migrations?state=FAILED", ApiClient.VIEWER).json()).isEmpty();
	}

	@Test
	void startShouldQueueReadyMigrationsWhenPlanWasADraft() {
		// given
		String bob = "bob@old.example";
		String id = this.api.post("/api/v1/plans", plan(false, "bob"), ApiClient.OPERATOR).json().get("id").asString();
		await().untilAsserted(() -> assertThat(
				this.api.get("/api/v1/plans/" + id, ApiClient.VIEWER).json().get("state").asString())
			.isEqualTo("READY"));

		// when
		Response started = this.api.post("/api/v1/plans/" + id + "/start", null, ApiClient.OPERATOR);

		// then
		assertThat(started.status()).isEqualTo(202);
		assertThat(started.json().get("migrations").get("QUEUED").asLong()).isEqualTo(1);
		assertThat(requestFor(bob).pass()).isEqualTo(1);
		Response again = this.api.post("/api/v1/plans/" + id + "/start", null, ApiClient.OPERATOR);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.contentType()).startsWith("application/problem+json");
	}

	@Test
	void createShouldAnswerProblemDetailsNamingTheFieldWhenPlanIsInvalid() {
		// when
		Response malformed = this.api.post("/api/v1/plans", "{\"name\": \"x\", \"accounts\": [", ApiClient.OPERATOR);
		Response badPort = this.api.post("/api/v1/plans", PLAN.formatted(true, "p@old", "p@new")
			.replace("\"port\": 993, \"security\": \"TLS\"}", "\"port\": 70000, \"security\": \"TLS\"}"),
				ApiClient.OPERATOR);
		Response wrongType = this.api.post("/api/v1/plans",
				PLAN.formatted(true, "p@old", "p@new").replace("\"port\": 993", "\"port\": \"nine\""),
				ApiClient.OPERATOR);
		Response duplicate = this.api.post("/api/v1/plans", """
				{"name": "dup", "source": {"host": "old"}, "destination": {"host": "new"},
				 "accounts": [{"sourceUser": "a@old", "sourcePassword": "pw-S3cret", "destinationUser": "a@new", "destinationPassword": "pw"},
				              {"sourceUser": "b@old", "sourcePassword": "pw", "destinationUser": "b@new", "destinationPassword": "pw"},
				              {"sourceUser": "c@old", "sourcePassword": "pw", "destinationUser": "c@new", "destinationPassword": "pw"},
				              {"sourceUser": "A@old", "sourcePassword": "pw", "destinationUser": "d@new", "destinationPassword": "pw"}]}""",
				ApiClient.OPERATOR);
		Response badCsv = this.api.postMultipart("/api/v1/plans",
				"{\"name\": \"csv\", \"source\": {\"host\": \"old\"}, \"destination\": {\"host\": \"new\"}}",
				"sourceUser,sourcePassword,destinationUser,destinationPassword\n"
						+ IntStream.rangeClosed(1, 5)
							.mapToObj(i -> "u" + i + "@old,pw,u" + i + "@new,pw\n")
							.collect(Collectors.joining())
						+ "b@old,\"pw\"S3cret,b@new,pw\n",
				ApiClient.OPERATOR);

		// then
		assertProblem(malformed, "accounts", "malformed JSON at line 1");
		assertProblem(badPort, "source.port", "must be between 1 and 65535");
		assertProblem(wrongType, "source.port", "must be a valid");
		assertProblem(duplicate, "accounts[3].sourceUser", "duplicates accounts[0]");
		assertProblem(badCsv, "accounts", "line 7: malformed CSV");
		assertThat(List.of(malformed, badPort, wrongType, duplicate, badCsv))
			.allSatisfy(r -> assertThat(r.body()).doesNotContain("S3cret"));
		// nothing half-created
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM plan WHERE name IN ('dup', 'csv')", Long.class))
			.isZero();
	}

	@Test
	void apiShouldAnswer401WithoutTokenAnd403ForAViewersWrite() {
		// when
		Response anonymous = this.api.get("/api/v1/plans/" + UUID.randomUUID(), null);
		Response unknownToken = this.api.get("/api/v1/plans/" + UUID.randomUUID(), "not-a-token");
		Response viewerWrite = this.api.post("/api/v1/plans", PLAN.formatted(true, "v@old", "v@new"), ApiClient.VIEWER);
		Response viewerRead = this.api.get("/api/v1/plans/" + UUID.randomUUID(), ApiClient.VIEWER);

		// then
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.contentType()).startsWith("application/problem+json");
		assertThat(unknownToken.status()).isEqualTo(401);
		assertThat(viewerWrite.status()).isEqualTo(403);
		assertThat(viewerWrite.contentType()).startsWith("application/problem+json");
		assertThat(viewerRead.status()).isEqualTo(404);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM migration WHERE source_user = 'v@old'", Long.class))
			.isZero();
	}

	@Test
	void operationsEndpointsShouldBeOpenWithoutToken() {
		// when
		Response health = this.api.get("/actuator/health", null);
		Response prometheus = this.api.get("/actuator/prometheus", null);
		Response openApi = this.api.get("/v3/api-docs", null);

		// then
		assertThat(health.status()).isEqualTo(200);
		assertThat(prometheus.status()).isEqualTo(200);
		assertThat(prometheus.body()).contains("mailmig_migrations{");
		assertThat(openApi.status()).isEqualTo(200);
		assertThat(openApi.json().get("paths").has("/api/v1/plans")).isTrue();
		assertThat(openApi.json().get("paths").has("/api/v1/migrations/{id}/restart")).isTrue();
	}

	private static void assertProblem(Response response, String field, String detail) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("errors")).anySatisfy(error -> {
			assertThat(error.get("field").asString()).isEqualTo(field);
			assertThat(error.get("detail").asString()).contains(detail);
		});
	}

	private static MigrationRequest requestFor(String sourceUser) {
		Map<String, MigrationRequest> bySource = new java.util.HashMap<>();
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
			worker.poll().forEach(r -> bySource.put(r.sourceCredentials().mailbox(), r));
			return bySource.containsKey(sourceUser);
		});
		return bySource.get(sourceUser);
	}

}
