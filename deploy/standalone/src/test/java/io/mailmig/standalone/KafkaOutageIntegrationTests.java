package io.mailmig.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mailmig.common.event.Topics;
import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.DovecotServer.SpecialUseFolders;
import io.mailmig.standalone.EndToEnd.Account;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.mailmig.standalone.EndToEnd.awaitPlanOver;
import static io.mailmig.standalone.EndToEnd.differences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka stopped when a plan is created, then started again: the api keeps the plan's requests in its
 * outbox and publishes them once the broker is back, each once, and the worker completes every
 * migration. The launcher's own broker picks new ports at each start, so the services are pointed
 * (through the launcher's Spring property pass-through) at a broker of the test's, which it stops and
 * starts again on the same ports and data; the launcher's broker is left idle.
 */
class KafkaOutageIntegrationTests {

	@TempDir
	Path data;

	@TempDir
	Path kafkaLogs;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void everyRequestShouldBeDeliveredOnceAndEveryMigrationCompleteWhenKafkaIsDownAtPlanCreation() throws Exception {
		// given: the service up on a broker that then stops
		DovecotServer.Builder sourceUsers = DovecotServer.builder().separator('.').specialUse(SpecialUseFolders.FRENCH);
		DovecotServer.Builder destinationUsers = DovecotServer.builder().separator('/');
		List<Account> accounts = new ArrayList<>();
		for (String user : List.of("k1", "k2", "k3")) {
			sourceUsers.user(user, "src-" + user);
			destinationUsers.user(user, "dst-" + user);
			accounts.add(new Account(user, "src-" + user, user, "dst-" + user));
		}
		DovecotServer source = started(sourceUsers.build().start());
		DovecotServer destination = started(destinationUsers.build().start());
		for (int i = 0; i < accounts.size(); i++) {
			EndToEnd.fill(source, accounts.get(i).sourceUser(), accounts.get(i).sourcePassword(), 100 + i, 9);
		}
		StoppableKafka kafka = started(StoppableKafka.start(this.kafkaLogs));
		StandaloneLauncher launcher = started(StandaloneLauncher.start(LaunchOptions.parse(new String[] {
				"--data-dir=" + this.data, "--server.port=0",
				"--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
				// a send gives up after 1s instead of 10s: the outage outlasts it and the relay's retry shows
				"--spring.kafka.producer.properties.max.block.ms=1000" }, Map.of()), Map.of()));
		Api api = new Api(launcher.apiPort(), Files.readString(this.data.resolve("api-token")).strip());
		await().atMost(Duration.ofSeconds(30)).until(api::isUp);
		RelayLog relay = started(new RelayLog());
		kafka.stop();

		// when: a plan is created while Kafka is down
		String planId = api.createPlan(EndToEnd.plan("while kafka is down", source, destination, "", accounts))
			.path("id")
			.asString();

		// then: pre-flight passes, the requests stay in the outbox and the migrations wait, QUEUED
		await().atMost(Duration.ofSeconds(30)).until(() -> relay.contains("they stay in the outbox"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> api.get("/api/v1/plans/" + planId).path("migrations").path("QUEUED").asInt() == 3);
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
			JsonNode plan = api.get("/api/v1/plans/" + planId);
			return plan.path("migrations").path("QUEUED").asInt() == 3
					&& plan.path("messages").path("copied").asLong() == 0;
		});

		// when: Kafka is back
		kafka.start();

		// then: every migration completes, from one request each
		await().atMost(Duration.ofSeconds(60)).until(() -> relay.contains("Kafka is reachable again"));
		List<JsonNode> migrations = awaitPlanOver(api, planId, 3, Duration.ofSeconds(120));
		assertThat(migrations).allSatisfy(m -> {
			assertThat(m.path("state").asString()).as(m::toString).isEqualTo("COMPLETED");
			assertThat(m.path("currentPass").asInt()).isEqualTo(1);
			assertThat(m.path("passes")).hasSize(1);
		});
		for (Account account : accounts) {
			assertThat(differences(source, account, destination)).as(account.sourceUser()).isEmpty();
		}
		Set<String> ids = migrations.stream().map(m -> m.path("id").asString()).collect(Collectors.toSet());
		JsonMapper json = JsonMapper.builder().build();
		List<ConsumerRecord<byte[], byte[]>> requests = TopicReader.readAll(kafka.bootstrapServers(),
				Topics.MIGRATION_REQUESTS);
		assertThat(requests).extracting(r -> new String(r.key())).as("one request per migration")
			.containsExactlyInAnyOrderElementsOf(ids);
		assertThat(requests).extracting(r -> json.readTree(r.value()).path("pass").asInt()).containsOnly(1);
	}

	/** What the api's outbox relay logs. */
	private static final class RelayLog implements AutoCloseable {

		private final Logger logger = (Logger) LoggerFactory.getLogger("io.mailmig.api.migration.OutboxRelay");

		private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

		RelayLog() {
			this.appender.start();
			this.logger.addAppender(this.appender);
		}

		boolean contains(String text) {
			synchronized (this.appender.list) {
				return this.appender.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
			}
		}

		@Override
		public void close() {
			this.logger.detachAppender(this.appender);
		}

	}

	private <T extends AutoCloseable> T started(T resource) {
		this.resources.add(resource);
		return resource;
	}

}
