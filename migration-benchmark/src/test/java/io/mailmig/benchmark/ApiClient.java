package io.mailmig.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The api over HTTP with the operator's bearer token, as the README's curl session calls it. */
final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String base;

	private final String token;

	ApiClient(int port, String token) {
		this.base = "http://127.0.0.1:" + port;
		this.token = token;
	}

	/** Whether {@code /actuator/health} answers UP. */
	boolean isUp() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.base + "/actuator/health")).GET());
		return response.statusCode() == 200 && JSON.readTree(response.body()).path("status").asString().equals("UP");
	}

	/** {@code POST /api/v1/plans}; the plan created. */
	JsonNode createPlan(String json) {
		HttpResponse<String> response = send(
				request("/api/v1/plans").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
		if (response.statusCode() != 201) {
			throw new AssertionError("plan not created: " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body());
	}

	/** A command ({@code POST} without a body) the api must accept (202). */
	void command(String path) {
		HttpResponse<String> response = send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
		if (response.statusCode() != 202) {
			throw new AssertionError("POST " + path + ": " + response.statusCode() + " " + response.body());
		}
	}

	JsonNode get(String path) {
		HttpResponse<String> response = send(request(path).GET());
		if (response.statusCode() != 200) {
			throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body());
	}

	/**
	 * Follows {@code GET /api/v1/plans/{id}/events} (server-sent events), as a dashboard would: calls
	 * {@code onState} with the migration state of every {@code progress} event, on the client's own
	 * thread, until the stream ends or the returned handle is closed.
	 */
	AutoCloseable followStates(String planId, java.util.function.Consumer<String> onState) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + "/api/v1/plans/" + planId + "/events"))
			.header("Authorization", "Bearer " + this.token)
			.header("Accept", "text/event-stream");
		java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream = this.http
			.sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofLines());
		java.util.concurrent.CompletableFuture<Void> reading = stream.thenAccept(response -> {
			String event = "";
			for (java.util.Iterator<String> lines = response.body().iterator(); lines.hasNext();) {
				String line = lines.next();
				if (line.startsWith("event:")) {
					event = line.substring("event:".length()).strip();
				}
				else if (line.startsWith("data:") && event.equals("progress")) {
					onState.accept(JSON.readTree(line.substring("data:".length())).path("state").asString());
				}
			}
		});
		return () -> {
			reading.cancel(true);
			stream.thenAccept(response -> response.body().close());
		};
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + this.token);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
