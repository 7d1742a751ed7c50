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
 * The worker's peak heap, from its GC log ({@code -Xlog:gc}): the heap in use before each collection,
 * the largest of them. Exact at no cost to the run, where sampling the actuator every few milliseconds
 * took a few percent of the machine and could miss a peak between two samples.
 */
final class WorkerHeap {

	/** {@code … Pause Young (Normal) (G1 Evacuation Pause) 215M->60M(512M) 3.456ms}. */
	private static final Pattern COLLECTION = Pattern.compile("(\\d+)([KMG])->\\d+[KMG]\\(\\d+[KMG]\\)");

	private final Path gcLog;

	private final URI health;

	private final HttpClient http = HttpClient.newHttpClient();

	WorkerHeap(Path gcLog, int port) {
		this.gcLog = gcLog;
		this.health = URI.create("http://127.0.0.1:" + port + "/actuator/health");
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
