package io.mailmig.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.mailmig.common.testing.DovecotServer;
import tools.jackson.databind.JsonNode;


/**
 * One migration of the corpus through the service: a plan with every mailbox posted to the api, which
 * runs its pre-flight and publishes the passes through Kafka to the worker; then the same again with
 * nothing changed (an incremental pass of every migration, {@code POST /api/v1/migrations/{id}/sync}).
 */
final class ServiceRun {

	private static final List<String> FAILED = List.of("FAILED", "COMPLETED_WITH_ERRORS", "CANCELLED");

	private final Services services;

	private final Corpus corpus;

	ServiceRun(Services services, Corpus corpus) {
		this.services = services;
		this.corpus = corpus;
	}

	/**
	 * What one run measured.
	 *
	 * @param seconds from the POST of the plan to every migration COMPLETED, as the api shows it
	 * @param preflightSeconds first pre-flight started to last one finished (api's clock)
	 * @param passSeconds first pass started to last one finished (worker's clock)
	 * @param copySeconds first copy step started to last one ended (worker's Batch tables): the copy and its
	 * read-back of every message
	 * @param messages messages the passes copied
	 * @param bytes bytes they copied
	 * @param rerunSeconds from the first sync command to every migration COMPLETED again
	 * @param rerunMessages messages the re-run copied (0 expected)
	 * @param parallelPasses the most first passes that ran at the same time
	 * @param discoverSeconds the discovery steps, first start to last end
	 * @param completeSeconds the steps that report the folders (completeFolders), first start to last end
	 */
	record Result(double seconds, double preflightSeconds, double passSeconds, double copySeconds, long messages,
			long bytes, double rerunSeconds, long rerunMessages, int parallelPasses, double discoverSeconds,
			double completeSeconds) {
	}

	Result run(DovecotServer source, int sourcePort, DovecotServer destination, int destinationPort)
			throws Exception {
		ApiClient api = this.services.client;
		long start = System.nanoTime();
		String planId = api.createPlan(plan(source, sourcePort, destination, destinationPort)).path("id").asString();
		awaitCompleted(planId);
		double seconds = seconds(start);
		List<JsonNode> migrations = new ArrayList<>();
		api.get("/api/v1/plans/" + planId + "/migrations").forEach(migrations::add);
		double preflight = span(migrations, m -> m.path("preflight"));
		double passes = span(migrations, m -> m.path("passes").get(0));
		long messages = migrations.stream().mapToLong(m -> m.path("passes").get(0).path("messagesCopied").asLong()).sum();
		long bytes = migrations.stream().mapToLong(m -> m.path("passes").get(0).path("bytesCopied").asLong()).sum();

		long rerun = System.nanoTime();
		migrations.forEach(m -> api.command("/api/v1/migrations/" + m.path("id").asString() + "/sync"));
		awaitCompleted(planId);
		double rerunSeconds = seconds(rerun);
		long rerunMessages = 0;
		for (JsonNode m : api.get("/api/v1/plans/" + planId + "/migrations")) {
			JsonNode second = m.path("passes").get(1);
			if (second == null || !second.path("outcome").asString().equals("COMPLETED")) {
				throw new AssertionError("no completed second pass: " + m);
			}
			rerunMessages += second.path("messagesCopied").asLong();
		}
		return new Result(seconds, preflight, passes, stepSeconds(migrations, "copyFolders"), messages, bytes,
				rerunSeconds, rerunMessages, parallel(migrations), stepSeconds(migrations, "discoverFolders"),
				stepSeconds(migrations, "completeFolders"));
	}

	private String plan(DovecotServer source, int sourcePort, DovecotServer destination, int destinationPort) {
		String accounts = IntStream.rangeClosed(1, this.corpus.users()).mapToObj(Corpus::user).map(user -> """
				{"sourceUser": "%s", "sourcePassword": "%s", "destinationUser": "%s", "destinationPassword": "%s"}"""
			.formatted(user, source.credentials(user).password(), user, destination.credentials(user).password()))
			.collect(Collectors.joining(",\n "));
		return """
				{"name": "benchmark %s", "mode": "ONE_SHOT", "start": true,
				 "source": {"host": "127.0.0.1", "port": %d, "security": "NONE"},
				 "destination": {"host": "127.0.0.1", "port": %d, "security": "NONE"},
				 "accounts": [%s]}""".formatted(this.corpus.name(), sourcePort, destinationPort, accounts);
	}

	/**
	 * Waits until all the plan's migrations are COMPLETED, as a dashboard would: the plan is asked again
	 * whenever its event stream says a migration ended (and at least every second, should the stream
	 * miss one), not polled in a loop that would cost the api the CPU it needs for the run. Fails at once
	 * on any other end.
	 */
	private void awaitCompleted(String planId) throws Exception {
		java.util.concurrent.Semaphore ended = new java.util.concurrent.Semaphore(0);
		long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
		try (AutoCloseable events = this.services.client.followStates(planId, state -> {
			if (!state.equals("RUNNING") && !state.equals("QUEUED")) {
				ended.release();
			}
		})) {
			while (!completed(planId)) {
				if (!this.services.worker.isAlive()) {
					throw new AssertionError("the worker died\n\n" + this.services.logTails());
				}
				if (System.nanoTime() > deadline) {
					throw new AssertionError("plan " + planId + " not completed within 60 minutes");
				}
				ended.tryAcquire(1, java.util.concurrent.TimeUnit.SECONDS);
				ended.drainPermits();
			}
		}
	}

	/** Whether every migration of the plan is COMPLETED; fails on any other end. */
	private boolean completed(String planId) {
		JsonNode counts = this.services.client.get("/api/v1/plans/" + planId).path("migrations");
		for (String state : FAILED) {
			if (counts.path(state).asLong() > 0) {
				throw new AssertionError(state + ": " + this.services.client.get("/api/v1/plans/" + planId
						+ "/migrations?state=" + state) + "\n\n" + this.services.logTails());
			}
		}
		return counts.path("COMPLETED").asLong() == this.corpus.users();
	}

	/** From the earliest {@code startedAt} to the latest {@code finishedAt} of what {@code part} picks. */
	private static double span(List<JsonNode> migrations, Function<JsonNode, JsonNode> part) {
		Instant first = migrations.stream().map(m -> Instant.parse(part.apply(m).path("startedAt").asString()))
			.min(Instant::compareTo).orElseThrow();
		Instant last = migrations.stream().map(m -> Instant.parse(part.apply(m).path("finishedAt").asString()))
			.max(Instant::compareTo).orElseThrow();
		return Duration.between(first, last).toNanos() / 1e9;
	}

	/** The most first passes running at once, from their start and end times. */
	private static int parallel(List<JsonNode> migrations) {
		List<long[]> edges = new ArrayList<>();
		for (JsonNode m : migrations) {
			JsonNode pass = m.path("passes").get(0);
			edges.add(new long[] { Instant.parse(pass.path("startedAt").asString()).toEpochMilli() * 2 + 1, 1 });
			// an end sorts before a start at the same millisecond
			edges.add(new long[] { Instant.parse(pass.path("finishedAt").asString()).toEpochMilli() * 2, -1 });
		}
		edges.sort((a, b) -> Long.compare(a[0], b[0]));
		int running = 0;
		int peak = 0;
		for (long[] edge : edges) {
			running += (int) edge[1];
			peak = Math.max(peak, running);
		}
		return peak;
	}

	/** From the first start to the last end of the step {@code step} of the first passes of {@code migrations}. */
	private double stepSeconds(List<JsonNode> migrations, String step) throws Exception {
		try (Connection db = this.services.workerDatabase();
				PreparedStatement query = db.prepareStatement("""
						SELECT extract(epoch FROM (max(s.end_time) - min(s.start_time)))
						FROM batch_step_execution s JOIN batch_job_execution_params p ON p.job_execution_id = s.job_execution_id
						WHERE p.parameter_name = 'pass' AND p.parameter_value = ANY (?) AND s.step_name = ?""")) {
			// the first pass of each migration of this plan (not those of a warm-up plan before it)
			query.setArray(1, db.createArrayOf("text",
					migrations.stream().map(m -> m.path("id").asString() + "/1").toArray()));
			query.setString(2, step);
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getDouble(1);
			}
		}
	}

	static double seconds(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e9;
	}

}
