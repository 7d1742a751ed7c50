package io.mailmig.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.mailmig.common.event.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The real infrastructure of the worker's integration tests, started once per test JVM: a PostgreSQL 17
 * server (zonky embedded binaries) and a Kafka broker in KRaft mode. Each Spring context gets its own
 * database.
 */
public final class TestInfrastructure {

	private static EmbeddedPostgres postgres;

	private static final AtomicInteger databases = new AtomicInteger();

	private TestInfrastructure() {
	}

	public static synchronized EmbeddedPostgres postgres() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("PostgreSQL did not start", ex);
			}
		}
		return postgres;
	}

	/** A fresh, empty database; its JDBC URL. */
	public static String newDatabase() {
		String name = "worker_" + databases.incrementAndGet() + "_" + ProcessHandle.current().pid();
		try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not create database " + name, ex);
		}
		return postgres().getJdbcUrl("postgres", name);
	}

	/**
	 * A new Kafka broker. Each Spring context gets its own, so a context kept in the test context cache
	 * never consumes the requests of another test class.
	 */
	public static EmbeddedKafkaKraftBroker newKafka() {
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 6, Topics.MIGRATION_REQUESTS,
				Topics.MIGRATION_EVENTS, Topics.MIGRATION_REQUESTS_DLT, Topics.MIGRATION_COMMANDS);
		kafka.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(kafka::destroy));
		return kafka;
	}

}
