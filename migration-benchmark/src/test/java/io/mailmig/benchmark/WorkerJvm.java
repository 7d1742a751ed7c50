package io.mailmig.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark reads from the worker's JVM. Its peak heap, from its GC log ({@code -Xlog:gc}): the
 * heap in use before each collection, the largest of them — exact at no cost to the run, where sampling
 * the actuator every few milliseconds took a few percent of the machine and could miss a peak between two
 * samples. And the time its JIT compilers have spent so far, from its actuator's Prometheus endpoint
 * ({@code jvm_compilation_time_ms_total}, read between runs only).
 */
final class WorkerJvm {

	/** {@code … Pause Young (Normal) (G1 Evacuation Pause) 215M->60M(512M) 3.456ms}. */
	private static final Pattern COLLECTION = Pattern.compile("(\\d+)([KMG])->\\d+[KMG]\\(\\d+[KMG]\\)");

	/** {@code jvm_compilation_time_ms_total{compiler="HotSpot 64-Bit Tiered Compilers",…} 12345.0}. */
	private static final Pattern COMPILATION = Pattern
		.compile("(?m)^jvm_compilation_time_ms_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$");

	private final Path gcLog;

	private final URI health;

	private final URI prometheus;

	private final HttpClient http = HttpClient.newHttpClient();

	WorkerJvm(Path gcLog, int port) {
		this.gcLog = gcLog;
		this.health = URI.create("http://127.0.0.1:" + port + "/actuator/health");
		this.prometheus = URI.create("http://127.0.0.1:" + port + "/actuator/prometheus");
	}

	/** The JVM option that writes the log this reads. */
	String jvmOption() {
		return "-Xlog:gc:file=" + this.gcLog;
	}

	/** Whether the worker answers on its actuator. */
	boolean isUp() throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(this.health).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode() == 200;
	}

	/**
	 * Milliseconds the JIT compilers have spent compiling since the worker started (the JVM's
	 * {@code CompilationMXBean}, summed over its compiler threads, as Micrometer exposes it).
	 */
	long compilationMillis() {
		try {
			String metrics = this.http
				.send(HttpRequest.newBuilder(this.prometheus).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			Matcher m = COMPILATION.matcher(metrics);
			if (!m.find()) {
				throw new IllegalStateException("no jvm_compilation_time_ms_total in the worker's metrics");
			}
			return (long) Double.parseDouble(m.group(1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The most heap in use before any collection so far, in bytes; 0 before the first one. */
	long peak() {
		try {
			long peak = 0;
			for (String line : Files.readAllLines(this.gcLog)) {
				Matcher m = COLLECTION.matcher(line);
				if (m.find()) {
					long unit = switch (m.group(2)) {
						case "K" -> 1L << 10;
						case "M" -> 1L << 20;
						default -> 1L << 30;
					};
					peak = Math.max(peak, Long.parseLong(m.group(1)) * unit);
				}
			}
			return peak;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
