package io.mailmig.standalone;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The launcher as users run it, {@code java -jar target/mailmig-standalone.jar}, in its own process so
 * that a test can kill it with SIGKILL. The jar is the one {@code package} built before the
 * integration tests.
 */
final class LauncherProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private LauncherProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	static LauncherProcess start(String name, Path dataDirectory, int apiPort, String... arguments) {
		File jar = new File("target/mailmig-standalone.jar");
		if (!jar.isFile()) {
			throw new IllegalStateException(jar.getAbsolutePath()
					+ " is missing: run the integration tests through Maven (./mvnw verify), which packages it first");
		}
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-Xmx768m", "-jar", jar.getAbsolutePath(), "--data-dir=" + dataDirectory,
				"--server.port=" + apiPort));
		command.addAll(List.of(arguments));
		try {
			Path log = Files.createTempFile("mailmig-standalone-" + name + "-", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().remove("MAILMIG_API_TOKEN");
			builder.environment().remove("MAILMIG_DATA_DIR");
			return new LauncherProcess(builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** SIGKILL: no shutdown hook, no cleanup, as a crash or the OOM killer would do. */
	void kill() {
		this.process.destroyForcibly();
		waitFor();
	}

	/** SIGTERM: what Ctrl-C or a service manager does. */
	void stop() {
		this.process.destroy();
		waitFor();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	String logTail() {
		List<String> lines = log().lines().toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
	}

	private void waitFor() {
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			stop();
		}
	}

}
