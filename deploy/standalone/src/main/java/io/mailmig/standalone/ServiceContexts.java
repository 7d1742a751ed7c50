package io.mailmig.standalone;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mailmig.api.ApiApplication;
import io.mailmig.worker.WorkerApplication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The api and the worker as two Spring Boot applications in this JVM. Each scans only its own package
 * ({@code io.mailmig.api}, {@code io.mailmig.worker}), reads its own {@code application.yml} and Flyway
 * migrations (copied under {@code mailmig/api} and {@code mailmig/worker} at build time: both jars have
 * them at the same path) and has its own database. The launcher's settings sit between the
 * environment (so {@code SERVER_PORT} and friends still win) and the {@code application.yml}s.
 */
final class ServiceContexts implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ServiceContexts.class);

	/** What complains when the worker loses its database on purpose. */

	private final ConfigurableApplicationContext api;

	private final ConfigurableApplicationContext worker;

	private final EmbeddedDatabase database;

	private ServiceContexts(ConfigurableApplicationContext api, ConfigurableApplicationContext worker,
			EmbeddedDatabase database) {
		this.api = api;
		this.worker = worker;
		this.database = database;
	}

	/** Starts the worker, then the api (which is up once it answers). */
	static ServiceContexts start(Infrastructure infrastructure, List<String> springArguments) {
		ConfigurableApplicationContext worker = run(WorkerApplication.class, WebApplicationType.NONE,
				workerProperties(infrastructure), springArguments);
		try {
			ConfigurableApplicationContext api = run(ApiApplication.class, WebApplicationType.SERVLET,
					apiProperties(infrastructure), springArguments);
			return new ServiceContexts(api, worker, infrastructure.database());
		}
		catch (RuntimeException ex) {
			worker.close();
			throw ex;
		}
	}

	/** The api's HTTP port. */
	int apiPort() {
		return ((WebServerApplicationContext) this.api).getWebServer().getPort();
	}

	private static Map<String, Object> common(Infrastructure infrastructure, String module, String database) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.config.location", "classpath:/mailmig/" + module + "/application.yml");
		properties.put("spring.flyway.locations", "classpath:mailmig/" + module + "/db/migration");
		properties.put("spring.datasource.url", infrastructure.database().jdbcUrl(database));
		properties.put("spring.datasource.username", infrastructure.database().user());
		properties.put("spring.datasource.hikari.maximum-pool-size", "20");
		properties.put("spring.kafka.bootstrap-servers", infrastructure.kafka().bootstrapServers());
		// after a crash the dead consumer's partitions come back after this, not after the default 45s
		properties.put("spring.kafka.consumer.properties.session.timeout.ms", "10000");
		properties.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "3000");
		properties.put("mailmig.encryption-key", infrastructure.secrets().encryptionKey());
		// one logging system for both: the logger names (io.mailmig.api, io.mailmig.worker) tell them apart
		properties.put("logging.include-application-name", "false");
		properties.put("logging.level.org.apache.kafka", "WARN");
		properties.put("logging.level.kafka", "WARN");
		properties.put("logging.level.state.change.logger", "WARN");
		properties.put("logging.level.org.springframework.kafka", "WARN");
		// a line per step and folder is too much for a console: progress is in the api
		properties.put("logging.level.org.springframework.batch", "WARN");
		return properties;
	}

	private static Map<String, Object> workerProperties(Infrastructure infrastructure) {
		Map<String, Object> properties = common(infrastructure, "worker", Infrastructure.WORKER_DATABASE);
		// the only worker: after a crash its own passes are taken over once this has gone by
		properties.put("mailmig.worker.lease-duration", "15s");
		properties.put("mailmig.worker.id", "standalone-" + ProcessHandle.current().pid());
		// at shutdown the worker stops its passes at their next chunk boundary and gives them back to the
		// queue (the next start resumes them at once); it waits at most this long for a boundary
		properties.put("mailmig.worker.shutdown-timeout", "10s");
		// that stop is synchronous; the other lifecycle beans (Kafka's listener containers) need not
		// be waited for long
		properties.put("spring.lifecycle.timeout-per-shutdown-phase", "2s");
		// passes start concurrently: Batch's default SERIALIZABLE job creation then fails on PostgreSQL
		// ("could not serialize access"); each pass has its own identifying parameter, so READ_COMMITTED
		// cannot create a job instance twice
		properties.put("spring.batch.jdbc.isolation-level-for-create", "READ_COMMITTED");
		// the api's classes are on the classpath too: no web security for a context without web
		properties.put("spring.autoconfigure.exclude",
				"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
						+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration");
		return properties;
	}

	private static Map<String, Object> apiProperties(Infrastructure infrastructure) {
		Map<String, Object> properties = common(infrastructure, "api", Infrastructure.API_DATABASE);
		properties.put("mailmig.api.tokens[0].token", infrastructure.secrets().apiToken());
		properties.put("mailmig.api.tokens[0].role", "OPERATOR");
		// an open progress stream (SSE) would hold a graceful shutdown for the default 30s
		properties.put("spring.lifecycle.timeout-per-shutdown-phase", "5s");
		// the worker's classes are on the classpath too: Spring Batch is not the api's
		properties.put("spring.autoconfigure.exclude",
				"org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration,"
						+ "org.springframework.boot.batch.autoconfigure.BatchJobLauncherAutoConfiguration,"
						+ "org.springframework.boot.batch.autoconfigure.observation.BatchObservationAutoConfiguration,"
						+ "org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration");
		return properties;
	}

	private static ConfigurableApplicationContext run(Class<?> application, WebApplicationType type,
			Map<String, Object> properties, List<String> springArguments) {
		ConfigurableEnvironment environment = new StandardEnvironment();
		// last: below the environment variables and system properties, above application.yml, which
		// Boot adds after it
		environment.getPropertySources().addLast(new MapPropertySource("mailmig-standalone", properties));
		return new SpringApplicationBuilder(application).main(application)
			.environment(environment)
			.web(type)
			.bannerMode(Banner.Mode.OFF)
			// the launcher closes worker, api, Kafka and PostgreSQL in that order
			.registerShutdownHook(false)
			.run(springArguments.toArray(String[]::new));
	}

	/**
	 * Stops the api, then the worker, gracefully: the worker stops its running passes at their next chunk
	 * boundary and releases them to the queue, so the next start resumes them at once. Then the database.
	 * A kill -9 skips all this; the next start then takes the passes over when their lease expires.
	 */
	@Override
	public void close() {
		this.api.close();
		log.info("Stopping the worker: passes under way stop at their next chunk boundary and resume at the next start");
		this.worker.close();
		this.database.close();
	}

}
