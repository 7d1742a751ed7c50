package io.mailmig.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.mailmig.common.event.Topics;
import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.DovecotServer.SpecialUseFolders;
import io.mailmig.standalone.EndToEnd.Account;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.mailmig.standalone.EndToEnd.awaitPlanOver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole run of the launcher, as users run it (its own process, so that every line it prints is
 * captured), with distinctive passwords: mailbox passwords on both sides, an administrator login for
 * the destination, a wrong password, a CSV plan and a CSV refused as malformed. Then the log, every
 * record of the three topics, every API response, every column of both databases and every file under
 * the data directory are searched for each password, in clear and in base64: none is found.
 */
class PasswordScanIntegrationTests {

	private static final String ADMIN_USER = "mailadmin";

	private static final String ADMIN_PASSWORD = "Adm-master-5r1w%";

	private static final Account ALICE = new Account("alice", "Pw-alice-7f3k!", "alice", "Pw-alice-dst-Q9z#");

	/** Copied into the destination through the administrator login: no destination password. */
	private static final Account BOB = new Account("bob", "Pw-bob-2m8x$", "bob", "");

	/** A wrong source password: refused by pre-flight. */
	private static final Account CAROL = new Account("carol", "Pw-carol-wrong-4h6j?", "carol", "Pw-carol-dst-1q2w=");

	/** In a CSV plan. */
	private static final Account DAVE = new Account("dave", "Pw-dave-csv-6y7u+", "dave", "Pw-dave-dst-8i9o@");

	/** Only in a CSV line the api refuses. */
	private static final String ERIN_PASSWORD = "Pw-erin-malformed-3k9l~";

	private static final List<String> PASSWORDS = List.of(ADMIN_PASSWORD, ALICE.sourcePassword(),
			ALICE.destinationPassword(), BOB.sourcePassword(), "Pw-bob-dst-5t6y^", CAROL.sourcePassword(),
			"Pw-carol-real-8d2s&", CAROL.destinationPassword(), DAVE.sourcePassword(), DAVE.destinationPassword(),
			ERIN_PASSWORD);

	@TempDir
	Path data;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		EmbeddedDatabase.stopStalePostmaster(this.data.resolve("postgres"));
	}

	@Test
	void noPasswordShouldAppearInLogsTopicsResponsesDatabasesOrDataFilesWhenAWholeRunIsOver() throws Exception {
		// given
		DovecotServer source = started(DovecotServer.builder()
			.separator('.')
			.specialUse(SpecialUseFolders.FRENCH)
			.user("alice", ALICE.sourcePassword())
			.user("bob", BOB.sourcePassword())
			.user("carol", "Pw-carol-real-8d2s&")
			.user("dave", DAVE.sourcePassword())
			.build()
			.start());
		DovecotServer destination = started(DovecotServer.builder()
			.separator('/')
			.user("alice", ALICE.destinationPassword())
			.user("bob", "Pw-bob-dst-5t6y^")
			.user("carol", CAROL.destinationPassword())
			.user("dave", DAVE.destinationPassword())
			.masterUser(ADMIN_USER, ADMIN_PASSWORD)
			.build()
			.start());
		EndToEnd.fill(source, "alice", ALICE.sourcePassword(), 201, 8);
		EndToEnd.fill(source, "bob", BOB.sourcePassword(), 202, 8);
		EndToEnd.fill(source, "dave", DAVE.sourcePassword(), 204, 8);
		int port = freePort();
		LauncherProcess launcher = started(LauncherProcess.start("password-scan", this.data, port));
		Api api = new Api(port, awaitToken());
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
			assertThat(launcher.isAlive()).as(launcher::logTail).isTrue();
			return api.isUp();
		});

		// when: a whole run
		String jsonPlan = api.createPlan("""
				{"name": "password scan",
				 "source": {"host": "127.0.0.1", "port": %d, "security": "NONE"},
				 "destination": {"host": "127.0.0.1", "port": %d, "security": "NONE",
				                 "admin": {"user": "%s", "password": "%s"}},
				 "accounts": [%s, %s, %s]}""".formatted(source.port(), destination.port(), ADMIN_USER, ADMIN_PASSWORD,
				ALICE.json(), BOB.json(), CAROL.json())).path("id").asString();
		String csvPlan = api.createPlanWithCsv(EndToEnd.plan("password scan csv", source, destination, "", List.of()),
				EndToEnd.csv(List.of(DAVE))).path("id").asString();
		HttpResponse<String> malformed = api.postMultipart(
				EndToEnd.plan("malformed csv", source, destination, "", List.of()),
				EndToEnd.csv(List.of(DAVE)) + "erin," + ERIN_PASSWORD + ",erin,\"unterminated\n");
		List<JsonNode> migrations = new ArrayList<>(awaitPlanOver(api, jsonPlan, 3, Duration.ofSeconds(90)));
		migrations.addAll(awaitPlanOver(api, csvPlan, 1, Duration.ofSeconds(90)));
		for (JsonNode migration : migrations) {
			api.get("/api/v1/migrations/" + migration.path("id").asString());
			api.get("/api/v1/migrations/" + migration.path("id").asString() + "/report");
		}
		api.get("/api/v1/plans/" + jsonPlan);
		api.get("/api/v1/plans/" + csvPlan);
		String log = launcher.log();
		Map<String, String> kafka = topics(matching(log, "Kafka \\(KRaft\\) on (127\\.0\\.0\\.1:\\d+)"));
		Map<String, String> databases = databases(Integer.parseInt(matching(log, "PostgreSQL on 127\\.0\\.0\\.1:(\\d+)")));
		launcher.stop();

		// then: the run did what it should, and the scan reads what it scans
		assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
		assertThat(malformed.body()).contains("accounts", "line 3");
		assertThat(migrations).extracting(m -> m.path("sourceUser").asString() + " " + m.path("state").asString())
			.containsExactlyInAnyOrder("alice COMPLETED", "bob COMPLETED", "carol FAILED", "dave COMPLETED");
		assertThat(kafka.get(Topics.MIGRATION_REQUESTS)).contains("alice", "bob", "dave");
		assertThat(kafka.get(Topics.MIGRATION_EVENTS)).isNotEmpty();
		// the credentials are there, sealed
		assertThat(databases.get("mailmig_api")).contains("alice", "carol", "v1:");
		assertThat(databases.get("mailmig_worker")).contains("alice");
		Map<String, String> scanned = new LinkedHashMap<>();
		scanned.put("the launcher's log", launcher.log());
		kafka.forEach((topic, records) -> scanned.put("topic " + topic, records));
		scanned.put("API responses", String.join("\n", api.responseBodies()));
		databases.forEach((database, dump) -> scanned.put("database " + database, dump));
		scanned.putAll(files(this.data));
		assertThat(scanned.get("the launcher's log")).contains("Pre-flight of migration", "carol");
		// a secret that is meant to be there (the banner prints the token, the token file holds it) is found
		assertThat(scanned).hasEntrySatisfying("the launcher's log", text -> assertThat(text).contains(api.token()))
			.hasEntrySatisfying("file api-token", text -> assertThat(text).contains(api.token()));
		assertThat(scanned.entrySet()).as("Kafka's segments are read")
			.anyMatch(e -> e.getKey().startsWith("file kafka/mailmig.migration-requests") && e.getValue().contains("alice"));
		for (String password : PASSWORDS) {
			String base64 = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
			scanned.forEach((where, text) -> assertThat(text).as("%s holds a password", where)
				.doesNotContain(password)
				.doesNotContain(base64));
		}
	}

	/** Every record (key, headers, value) of the service's topics, by topic. */
	private static Map<String, String> topics(String bootstrapServers) {
		Map<String, String> topics = new LinkedHashMap<>();
		for (String topic : List.of(Topics.MIGRATION_REQUESTS, Topics.MIGRATION_EVENTS, Topics.MIGRATION_COMMANDS)) {
			StringBuilder text = new StringBuilder();
			for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(bootstrapServers, topic)) {
				text.append(string(record.key())).append(' ');
				for (Header header : record.headers()) {
					text.append(header.key()).append('=').append(string(header.value())).append(' ');
				}
				text.append(string(record.value())).append('\n');
			}
			topics.put(topic, text.toString());
		}
		return topics;
	}

	/** Every column of every table of both databases, bytea as its bytes. */
	private static Map<String, String> databases(int port) throws SQLException {
		Map<String, String> dumps = new LinkedHashMap<>();
		for (String database : List.of(Infrastructure.API_DATABASE, Infrastructure.WORKER_DATABASE)) {
			StringBuilder dump = new StringBuilder();
			try (Connection connection = DriverManager
				.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
					Statement statement = connection.createStatement()) {
				List<String> tables = new ArrayList<>();
				try (ResultSet rs = statement.executeQuery("""
						SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
						WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')""")) {
					while (rs.next()) {
						tables.add(rs.getString(1));
					}
				}
				assertThat(tables).as(database).isNotEmpty();
				for (String table : tables) {
					try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
						int columns = rs.getMetaData().getColumnCount();
						while (rs.next()) {
							dump.append(table).append(':');
							for (int c = 1; c <= columns; c++) {
								boolean bytes = "bytea".equals(rs.getMetaData().getColumnTypeName(c));
								dump.append(' ').append(bytes ? string(rs.getBytes(c)) : rs.getString(c));
							}
							dump.append('\n');
						}
					}
				}
			}
			dumps.put(database, dump.toString());
		}
		return dumps;
	}

	/**
	 * Every file under the data directory (PostgreSQL's tables and WAL, Kafka's segments, the secrets),
	 * but PostgreSQL's binaries.
	 */
	private static Map<String, String> files(Path data) throws IOException {
		Map<String, String> files = new LinkedHashMap<>();
		try (Stream<Path> paths = Files.walk(data)) {
			for (Path file : paths.filter(Files::isRegularFile)
				.filter(f -> !data.relativize(f).startsWith("postgres-binaries"))
				.toList()) {
				files.put("file " + data.relativize(file), string(Files.readAllBytes(file)));
			}
		}
		assertThat(files).isNotEmpty();
		return files;
	}

	/** Bytes as text, one char per byte, so that any ASCII password shows whatever surrounds it. */
	private static String string(byte[] bytes) {
		return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
	}

	private static String matching(String log, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(log);
		assertThat(matcher.find()).as("%s in the launcher's log", regex).isTrue();
		return matcher.group(1);
	}

	private String awaitToken() {
		Path token = this.data.resolve("api-token");
		await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(token) && Files.size(token) > 0);
		try {
			return Files.readString(token).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private <T extends AutoCloseable> T started(T resource) {
		this.resources.add(resource);
		return resource;
	}

}
