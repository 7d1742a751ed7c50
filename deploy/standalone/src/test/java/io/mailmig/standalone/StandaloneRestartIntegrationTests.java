package io.mailmig.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.icegreen.greenmail.util.GreenMail;
import io.mailmig.common.testing.DelayProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher killed with SIGKILL in the middle of a copy, started again on the same data directory,
 * stopped with SIGTERM in the middle of the resumed copy and started again: the plan completes, every
 * message once at the destination, nothing left running. The IMAP
 * servers live in this JVM, so they outlive the launcher as real servers would.
 */
class StandaloneRestartIntegrationTests {

	/**
	 * The launcher is killed while the test's IMAP servers talk to it: their handler threads then fail
	 * with "broken pipe", as expected. Awaitility would take those for the test's own failure.
	 */
	@org.junit.jupiter.api.BeforeAll
	static void expectBrokenConnections() {
		org.awaitility.Awaitility.doNotCatchUncaughtExceptionsByDefault();
	}

	@org.junit.jupiter.api.AfterAll
	static void resetAwaitility() {
		org.awaitility.Awaitility.reset();
	}


	private static final int MESSAGES = 600;

	@TempDir
	Path data;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		// whatever happened, no PostgreSQL outlives the test
		EmbeddedDatabase.stopStalePostmaster(this.data.resolve("postgres"));
	}

	@Test
	void planShouldCompleteWithEveryMessageOnceWhenTheLauncherIsKilledThenStoppedMidCopy() throws Exception {
		// given
		GreenMail source = server();
		GreenMail destination = server();
		// the copy now takes a second or two on loopback: a 300 ms round trip to the destination and one
		// folder at a time make it last long enough for the kill and the stop to land in the middle of it
		DelayProxy slowDestination = DelayProxy.start("127.0.0.1", destination.getImap().getPort(),
				Duration.ofMillis(150));
		this.resources.add(slowDestination);
		for (DemoMailServers.Account account : DemoMailServers.ACCOUNTS) {
			DemoMail.seed(source, source.setUser(account.user() + "@demo.example", account.user(), account.password()),
					MESSAGES, 4096);
			destination.setUser(account.user() + "@demo.example", account.user(), account.password());
		}
		int port = freePort();
		LauncherProcess first = launcher("first", port);
		Api api = new Api(port, awaitToken());
		awaitUp(api, first);
		String planPath = "/api/v1/plans/" + api
			.createPlan(Banner.demoPlan(source.getImap().getPort(), slowDestination.port()))
			.path("id")
			.asString();
		long copiedAtKill = awaitCopied(api, planPath, 100);

		// when: SIGKILL mid-copy, then SIGTERM mid-copy of the resumed passes
		first.kill();
		LauncherProcess second = launcher("second", port);
		awaitUp(api, second);
		long copiedAtStop = awaitCopied(api, planPath, copiedAtKill + 100);
		long stopping = System.nanoTime();
		second.stop();
		long stopSeconds = (System.nanoTime() - stopping) / 1_000_000_000;
		System.out.printf("copied at the kill: %d, at the stop: %d of %d%n", copiedAtKill, copiedAtStop, 2 * MESSAGES);
		LauncherProcess third = launcher("third", port);
		awaitUp(api, third);

		// then
		assertThat(copiedAtStop).as("killed and stopped mid-copy").isLessThan(2L * MESSAGES);
		assertThat(second.log()).as("the postmaster left by the kill was stopped")
			.contains("Stopping PostgreSQL (pid");
		assertThat(stopSeconds).as("SIGTERM stops the launcher promptly").isLessThan(20);
		assertThat(third.log()).as("SIGTERM stopped PostgreSQL").doesNotContain("Stopping PostgreSQL (pid");
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			JsonNode plan = api.get(planPath);
			assertThat(plan.path("migrations").path("COMPLETED").asInt()).as(plan::toString).isEqualTo(2);
		});
		JsonNode plan = api.get(planPath);
		for (String state : List.of("PENDING", "PREFLIGHT", "READY", "QUEUED", "RUNNING", "FAILED")) {
			assertThat(plan.path("migrations").path(state).asInt()).as(state + " in " + plan).isZero();
		}
		for (DemoMailServers.Account account : DemoMailServers.ACCOUNTS) {
			Map<String, List<String>> expected = sorted(
					Mailboxes.messageIds(source.getImap().getPort(), account.user(), account.password()));
			Map<String, List<String>> copied = sorted(
					Mailboxes.messageIds(destination.getImap().getPort(), account.user(), account.password()));
			assertThat(expected.values().stream().mapToInt(List::size).sum()).isEqualTo(MESSAGES);
			assertThat(copied).as("every message exactly once").isEqualTo(expected);
		}
		third.stop();
		assertThat(this.data.resolve("postgres").resolve("postmaster.pid")).as("PostgreSQL stopped with the launcher")
			.doesNotExist();
	}

	private static long awaitCopied(Api api, String planPath, long atLeast) {
		AtomicReference<JsonNode> plan = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
			plan.set(api.get(planPath));
			return plan.get().path("messages").path("copied").asLong() >= atLeast;
		});
		return plan.get().path("messages").path("copied").asLong();
	}

	private LauncherProcess launcher(String name, int port) {
		// small chunks: the kill lands between committed chunks and in the middle of one
		// a shorter lease than the launcher's 15s: the takeovers come sooner
		LauncherProcess launcher = LauncherProcess.start(name, this.data, port, "--mailmig.worker.chunk-messages=25",
				"--mailmig.worker.lease-duration=6s", "--mailmig.worker.folder-concurrency=1");
		this.resources.add(launcher);
		return launcher;
	}

	private GreenMail server() {
		GreenMail server = DemoMailServers.start(0);
		this.resources.add(server::stop);
		return server;
	}

	private String awaitToken() {
		Path token = this.data.resolve("api-token");
		await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(token) && Files.size(token) > 0);
		try {
			return Files.readString(token).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void awaitUp(Api api, LauncherProcess launcher) {
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (!launcher.isAlive()) {
				throw new AssertionError("the launcher exited:\n" + launcher.logTail());
			}
			return api.isUp();
		});
	}

	private static Map<String, List<String>> sorted(Map<String, List<String>> folders) {
		folders.replaceAll((folder, ids) -> ids.stream().sorted().toList());
		return folders;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
