package io.mailmig.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole service on one machine, from one command: an embedded PostgreSQL and Kafka (KRaft) broker
 * whose data live under a data directory, then the worker and the api in this JVM; with
 * {@code --demo}, two IMAP servers with sample mail to try it on.
 */
public final class StandaloneLauncher implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(StandaloneLauncher.class);

	/** What is running, closed last-started first. */
	private final Deque<AutoCloseable> running = new ArrayDeque<>();

	private int apiPort;

	private DemoMailServers demo;

	private StandaloneLauncher() {
	}

	public static void main(String[] args) {
		LaunchOptions options;
		try {
			if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
				System.out.println(LaunchOptions.USAGE);
				return;
			}
			options = LaunchOptions.parse(args, System.getenv());
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(LaunchOptions.USAGE);
			System.exit(2);
			return;
		}
		StandaloneLauncher launcher = new StandaloneLauncher();
		// before anything starts: Ctrl-C during startup stops what has started so far
		Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "mailmig-shutdown"));
		try {
			launcher.startAll(options, System.getenv());
		}
		catch (RuntimeException ex) {
			log.error("mailmig could not start: {}", ex.getMessage(), ex);
			System.exit(1);
		}
	}

	/** Starts everything; the caller closes it. */
	static StandaloneLauncher start(LaunchOptions options, Map<String, String> environment) {
		StandaloneLauncher launcher = new StandaloneLauncher();
		try {
			launcher.startAll(options, environment);
			return launcher;
		}
		catch (RuntimeException ex) {
			launcher.close();
			throw ex;
		}
	}

	private void startAll(LaunchOptions options, Map<String, String> environment) {
		long started = System.nanoTime();
		try {
			Files.createDirectories(options.dataDirectory());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not create the data directory " + options.dataDirectory(), ex);
		}
		started(DataDirectoryLock.acquire(options.dataDirectory()));
		log.info("Data directory: {}", options.dataDirectory());
		Secrets secrets = Secrets.load(options.dataDirectory(), environment);
		EmbeddedDatabase database = started(EmbeddedDatabase.start(options.dataDirectory(),
				List.of(Infrastructure.API_DATABASE, Infrastructure.WORKER_DATABASE)));
		log.info("PostgreSQL on 127.0.0.1:{}, data in {}", database.port(), options.dataDirectory().resolve("postgres"));
		EmbeddedKafka kafka = started(EmbeddedKafka.start(options.dataDirectory()));
		log.info("Kafka (KRaft) on {}, data in {}", kafka.bootstrapServers(), options.dataDirectory().resolve("kafka"));
		if (options.demo()) {
			this.demo = started(DemoMailServers.start(options.demoSourcePort(), options.demoDestinationPort(),
					options.demoMessages()));
			log.info("Demo IMAP servers: source 127.0.0.1:{} ({} messages per account), destination 127.0.0.1:{}",
					this.demo.sourcePort(), options.demoMessages(), this.demo.destinationPort());
		}
		ServiceContexts services = started(
				ServiceContexts.start(new Infrastructure(database, kafka, secrets), options.springArguments()));
		this.apiPort = services.apiPort();
		log.info("mailmig is up in {}s: api on http://localhost:{}", (System.nanoTime() - started) / 1_000_000_000,
				this.apiPort);
		System.out.println(Banner.text(secrets, this.apiPort, this.demo));
	}

	private <T extends AutoCloseable> T started(T part) {
		this.running.push(part);
		return part;
	}

	int apiPort() {
		return this.apiPort;
	}

	DemoMailServers demo() {
		return this.demo;
	}

	/** Stops the services first, then the demo servers, Kafka and PostgreSQL. */
	@Override
	public synchronized void close() {
		while (!this.running.isEmpty()) {
			AutoCloseable part = this.running.pop();
			try {
				part.close();
			}
			catch (Exception ex) {
				log.warn("{} did not stop cleanly: {}", part.getClass().getSimpleName(), ex.toString());
			}
		}
	}

}
