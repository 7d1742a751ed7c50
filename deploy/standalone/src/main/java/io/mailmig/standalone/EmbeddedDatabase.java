package io.mailmig.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 (zonky's binaries) with its cluster in {@code <data dir>/postgres}, kept across
 * restarts, and one database per service. The server is a child process that outlives a launcher
 * killed with SIGKILL: the next start finds it through {@code postmaster.pid} and stops it first.
 */
final class EmbeddedDatabase implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

	private final EmbeddedPostgres postgres;

	private final AtomicBoolean closed = new AtomicBoolean();

	private EmbeddedDatabase(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	static EmbeddedDatabase start(Path dataDirectory, List<String> databases) {
		Path cluster = dataDirectory.resolve("postgres");
		stopStalePostmaster(cluster);
		try {
			Files.createDirectories(cluster);
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(cluster)
				.setCleanDataDirectory(false)
				// the binaries are unpacked here instead of /tmp, which may be cleaned or noexec
				.setOverrideWorkingDirectory(dataDirectory.resolve("postgres-binaries").toFile())
				// closed by the launcher after the services, not by a shutdown hook racing them
				.setRegisterShutdownHook(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("listen_addresses", "127.0.0.1")
				// zonky starts a throwaway test server (-F, synchronous_commit=off): this one keeps data
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("max_connections", "100")
				.start();
			EmbeddedDatabase database = new EmbeddedDatabase(postgres);
			databases.forEach(database::createIfMissing);
			return database;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start in " + cluster, ex);
		}
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.postgres.getPort() + "/" + database;
	}

	String user() {
		return "postgres";
	}

	int port() {
		return this.postgres.getPort();
	}

	private void createIfMissing(String database) {
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			exists.setString(1, database);
			try (ResultSet rs = exists.executeQuery()) {
				if (rs.next()) {
					return;
				}
			}
			try (Statement create = connection.createStatement()) {
				create.execute("CREATE DATABASE " + database);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not create database " + database, ex);
		}
	}

	/**
	 * A postmaster left running by a launcher that was killed holds the cluster's lock file: a new one
	 * would refuse to start. Its clients died with the launcher, so a polite SIGTERM ("smart" shutdown)
	 * ends it quickly; SIGKILL only if it does not.
	 */
	static void stopStalePostmaster(Path cluster) {
		Path pidFile = cluster.resolve("postmaster.pid");
		Optional<ProcessHandle> postmaster = readPid(pidFile).flatMap(ProcessHandle::of)
			.filter(ProcessHandle::isAlive)
			.filter(EmbeddedDatabase::isPostgres);
		if (postmaster.isEmpty()) {
			return;
		}
		ProcessHandle process = postmaster.get();
		log.info("Stopping PostgreSQL (pid {}) left running on {} by a previous start", process.pid(), cluster);
		process.destroy();
		try {
			process.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			log.warn("PostgreSQL (pid {}) did not stop within 30s: killing it", process.pid());
			process.destroyForcibly();
			process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
		}
	}

	private static Optional<Long> readPid(Path pidFile) {
		try {
			if (!Files.isRegularFile(pidFile)) {
				return Optional.empty();
			}
			List<String> lines = Files.readAllLines(pidFile);
			return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private static boolean isPostgres(ProcessHandle process) {
		// a recycled pid must not be killed: only a postgres process is ours
		return process.info().command().map(command -> command.endsWith("postgres")).orElse(false);
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			log.warn("PostgreSQL did not stop cleanly: {}", ex.getMessage());
		}
	}

}
