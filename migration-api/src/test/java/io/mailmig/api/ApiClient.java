package io.mailmig.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the api over real HTTP, as a client script would. */
public final class ApiClient {

	public static final String OPERATOR = "operator-token-" + UUID.randomUUID();

	public static final String VIEWER = "viewer-token-" + UUID.randomUUID();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public ApiClient(int port) {
		this.base = "http://localhost:" + port;
	}

	public Response get(String path, String token) {
		return send(request(path, token).GET());
	}

	public Response post(String path, String json, String token) {
		HttpRequest.Builder request = request(path, token);
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return send(request.POST(json == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(json)));
	}

	/** {@code multipart/form-data} with a {@code plan} JSON part and an {@code accounts} CSV part. */
	public Response postMultipart(String path, String planJson, String csv, String token) {
		String boundary = "----mailmig" + UUID.randomUUID();
		String body = "--" + boundary + "\r\n"
				+ "Content-Disposition: form-data; name=\"plan\"; filename=\"plan.json\"\r\n"
				+ "Content-Type: application/json\r\n\r\n" + planJson + "\r\n"
				+ "--" + boundary + "\r\n"
				+ "Content-Disposition: form-data; name=\"accounts\"; filename=\"accounts.csv\"\r\n"
				+ "Content-Type: text/csv\r\n\r\n" + csv + "\r\n"
				+ "--" + boundary + "--\r\n";
		return send(request(path, token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
	}

	public URI uri(String path) {
		return URI.create(this.base + path);
	}

	public HttpClient http() {
		return this.http;
	}

	public HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.headers().firstValue("Location").orElse(null), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static JsonNode json(String body) {
		return JSON.readTree(body);
	}

	/**
	 * An HTTP response.
	 *
	 * @param status status code
	 * @param contentType Content-Type header
	 * @param location Location header
	 * @param body body
	 */
	public record Response(int status, String contentType, String location, String body) {

		public JsonNode json() {
			return ApiClient.json(this.body);
		}

	}

}
