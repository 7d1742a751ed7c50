package io.mailmig.worker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker as users run it: {@code java -jar migration-worker.jar} in its own process, so a test can
 * kill it with SIGKILL. The jar is the one {@code package} built before the integration tests.
 */
final class WorkerProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private WorkerProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	static WorkerProcess start(String name, Map<String, String> properties) {
		return start(name, properties, "-Xmx512m");
	}

	static WorkerProcess start(String name, Map<String, String> properties, String... jvmOptions) {
		File jar = new File("target/migration-worker.jar");
		if (!jar.isFile()) {
			throw new IllegalStateException(jar.getAbsolutePath()
					+ " is missing: run the integration tests through Maven (./mvnw verify), which packages it first");
		}
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(List.of(jvmOptions));
		command.add("-jar");
		command.add(jar.getAbsolutePath());
		properties.forEach((k, v) -> command.add("--" + k + "=" + v));
		try {
			Path log = Files.createTempFile("worker-" + name + "-", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new WorkerProcess(process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** SIGKILL: no shutdown hook, no cleanup, as a crash or an OOM killer would do. */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	long pid() {
		return this.process.pid();
	}

	/** Peak resident set size of the process so far (VmHWM), in bytes. */
	long peakRss() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException ex) {
			// not Linux, or gone
		}
		return -1;
	}

	/** SIGTERM, as a service manager or a Kubernetes rollout does; waits for the process to exit. */
	boolean terminate(java.time.Duration timeout) {
		this.process.destroy();
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Whether the application has started (its log says so). */
	boolean isStarted() {
		try {
			return Files.readString(this.log).contains("Started WorkerApplication");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The settings of a test worker: its own name, the test's database and broker, short leases and
	 * polls, small chunks, any free HTTP port.
	 */
	static Map<String, String> properties(String name, String databaseUrl, String brokers) {
		Map<String, String> p = new java.util.HashMap<>();
		p.put("spring.datasource.url", databaseUrl);
		p.put("spring.datasource.username", "postgres");
		p.put("spring.datasource.password", "postgres");
		p.put("spring.kafka.bootstrap-servers", brokers);
		p.put("mailmig.encryption-key", WorkerIntegrationTestSupport.KEY);
		p.put("mailmig.worker.id", name);
		p.put("mailmig.worker.lease-duration", "3s");
		p.put("mailmig.worker.poll-interval", "200ms");
		p.put("mailmig.worker.chunk-messages", "10");
		p.put("mailmig.worker.outbox-interval", "100ms");
		p.put("server.port", "0");
		return p;
	}

	/** Waits up to 2 minutes, failing early if a worker exits; on failure the workers' logs are in the message. */
	static void awaitOrShowLogs(java.util.concurrent.Callable<Boolean> condition, WorkerProcess... workers) {
		try {
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofMinutes(2))
				.pollInterval(java.time.Duration.ofMillis(200))
				.ignoreExceptions()
				.failFast(() -> java.util.Arrays.stream(workers).anyMatch(w -> !w.isAlive()))
				.until(condition);
		}
		catch (RuntimeException | AssertionError ex) {
			StringBuilder logs = new StringBuilder();
			for (WorkerProcess w : workers) {
				logs.append("\n--- worker log ---\n").append(w.logTail());
			}
			throw new AssertionError(ex.getMessage() + logs, ex);
		}
	}

	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
