package io.mailmig.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The newcomer's path, in this JVM: the launcher with {@code --demo} on an empty data directory, the
 * token it wrote, the plan its banner suggests, and the demo mail at the destination.
 */
class StandaloneDemoIntegrationTests {

	@TempDir
	Path data;

	private StandaloneLauncher launcher;

	@AfterEach
	void stop() {
		if (this.launcher != null) {
			this.launcher.close();
		}
	}

	@Test
	void demoPlanShouldCompleteWithEveryMessageAtTheDestination() throws Exception {
		// given
		this.launcher = StandaloneLauncher.start(LaunchOptions.parse(new String[] { "--data-dir=" + this.data,
				"--demo", "--demo-messages=30", "--demo-source-port=0", "--demo-destination-port=0",
				"--server.port=0" }, Map.of()), Map.of());
		String token = Files.readString(this.data.resolve("api-token")).strip();
		Api api = new Api(this.launcher.apiPort(), token);
		await().atMost(Duration.ofSeconds(30)).until(api::isUp);
		DemoMailServers demo = this.launcher.demo();

		// when
		JsonNode plan = api.createPlan(Banner.demoPlan(demo));

		// then
		String planPath = "/api/v1/plans/" + plan.path("id").asString();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			JsonNode status = api.get(planPath);
			assertThat(status.path("migrations").path("COMPLETED").asInt()).as(status.toString())
				.isEqualTo(DemoMailServers.ACCOUNTS.size());
		});
		assertThat(api.get(planPath).path("messages").path("copied").asInt()).isEqualTo(60);
		for (DemoMailServers.Account account : DemoMailServers.ACCOUNTS) {
			Map<String, List<String>> source = Mailboxes.messageIds(demo.sourcePort(), account.user(),
					account.password());
			Map<String, List<String>> destination = Mailboxes.messageIds(demo.destinationPort(), account.user(),
					account.password());
			assertThat(source).containsKeys("INBOX", "Reçus", "Été 2025", "Archives.2024");
			assertThat(source.values().stream().mapToInt(List::size).sum()).isEqualTo(30);
			assertThat(destination).isEqualTo(source);
		}
		assertThat(this.data.resolve("postgres").resolve("PG_VERSION")).exists();
		assertThat(this.data.resolve("kafka").resolve("meta.properties")).exists();
		assertThat(this.data.resolve("encryption-key")).exists();
	}

}
