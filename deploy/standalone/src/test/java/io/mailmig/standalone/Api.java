package io.mailmig.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the running service over HTTP, as the README's curl session does. */
final class Api {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String base;

	private final String token;

	private final List<String> bodies = new ArrayList<>();

	Api(int port, String token) {
		this.base = "http://localhost:" + port;
		this.token = token;
	}

	String token() {
		return this.token;
	}

	/** Whether {@code /actuator/health} answers UP (false while nothing listens). */
	boolean isUp() {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(this.base + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && json.readTree(response.body()).path("status").asString().equals("UP");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	JsonNode createPlan(String body) {
		HttpResponse<String> response = send(request("/api/v1/plans").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		if (response.statusCode() != 201) {
			throw new AssertionError("plan not created: " + response.statusCode() + " " + response.body());
		}
		return json.readTree(response.body());
	}

	/**
	 * {@code multipart/form-data} with a {@code plan} JSON part and an {@code accounts} CSV part, as
	 * {@code curl -F plan=@plan.json -F accounts=@accounts.csv} sends them.
	 */
	JsonNode createPlanWithCsv(String plan, String accountsCsv) {
		HttpResponse<String> response = postMultipart(plan, accountsCsv);
		if (response.statusCode() != 201) {
			throw new AssertionError("plan not created: " + response.statusCode() + " " + response.body());
		}
		return json.readTree(response.body());
	}

	/** A multipart plan, whatever the answer. */
	HttpResponse<String> postMultipart(String plan, String accountsCsv) {
		String boundary = "mailmig-" + UUID.randomUUID();
		String body = "--" + boundary + "\r\n"
				+ "Content-Disposition: form-data; name=\"plan\"; filename=\"plan.json\"\r\n"
				+ "Content-Type: application/json\r\n\r\n" + plan + "\r\n"
				+ "--" + boundary + "\r\n"
				+ "Content-Disposition: form-data; name=\"accounts\"; filename=\"accounts.csv\"\r\n"
				+ "Content-Type: text/csv; charset=UTF-8\r\n\r\n" + accountsCsv + "\r\n"
				+ "--" + boundary + "--\r\n";
		return post("/api/v1/plans", "multipart/form-data; boundary=" + boundary, body);
	}

	/** Any {@code POST}, whatever its answer: its status and body. */
	HttpResponse<String> post(String path, String contentType, String body) {
		return send(request(path).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
	}

	/** A command ({@code POST} without a body); fails unless it is accepted (202). */
	JsonNode command(String path) {
		HttpResponse<String> response = send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
		if (response.statusCode() != 202) {
			throw new AssertionError("POST " + path + ": " + response.statusCode() + " " + response.body());
		}
		return json.readTree(response.body());
	}

	/** Every response body the api sent to this client so far (health checks aside). */
	List<String> responseBodies() {
		synchronized (this.bodies) {
			return List.copyOf(this.bodies);
		}
	}

	JsonNode get(String path) {
		HttpResponse<String> response = send(request(path).GET());
		if (response.statusCode() != 200) {
			throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
		}
		return json.readTree(response.body());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + this.token);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			synchronized (this.bodies) {
				this.bodies.add(response.body());
			}
			return response;
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
