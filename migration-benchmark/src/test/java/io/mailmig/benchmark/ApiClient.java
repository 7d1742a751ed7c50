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
