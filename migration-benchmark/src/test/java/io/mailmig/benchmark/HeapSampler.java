package io.mailmig.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Samples a service's used heap every 50 ms through its actuator ({@code jvm.memory.used}, area heap). */
final class HeapSampler implements AutoCloseable {

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI uri;

	private final AtomicLong peak = new AtomicLong();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "heap-sampler");
		t.setDaemon(true);
		return t;
	});

	HeapSampler(int port) {
		this.uri = URI.create("http://127.0.0.1:" + port + "/actuator/metrics/jvm.memory.used?tag=area:heap");
		this.timer.scheduleAtFixedRate(() -> {
			try {
				sample();
			}
			catch (Exception ex) {
				// not up yet, or busy: the next sample will tell
			}
		}, 0, 50, TimeUnit.MILLISECONDS);
	}

	/** Used heap now, in bytes. */
	long sample() throws Exception {
		String body = this.http
			.send(HttpRequest.newBuilder(this.uri).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		int at = body.indexOf("\"value\":");
		long value = (long) Double.parseDouble(body.substring(at + 8, body.indexOf('}', at)).trim());
		this.peak.accumulateAndGet(value, Math::max);
		return value;
	}

	/** The largest sample so far, in bytes. */
	long peak() {
		return this.peak.get();
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
