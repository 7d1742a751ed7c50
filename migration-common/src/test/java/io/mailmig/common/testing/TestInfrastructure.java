package io.mailmig.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.mailmig.common.event.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The real infrastructure of the integration tests of the api, the worker and the launcher: one PostgreSQL 17 server per test JVM (zonky
 * embedded binaries) with a database per Spring context, and a Kafka broker (KRaft) per Spring context,
 * so that a context kept in the test context cache never consumes another test class's messages.
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
		String name = "test_" + databases.incrementAndGet() + "_" + ProcessHandle.current().pid();
		try (Connection c = postgres().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not create database " + name, ex);
		}
		return postgres().getJdbcUrl("postgres", name);
	}

	/** A new Kafka broker with the service's topics, on a free port. */
	public static EmbeddedKafkaKraftBroker newKafka() {
		return newKafka(0);
	}

	/** A new Kafka broker with the service's topics, on the given port (0: any free one). */
	public static EmbeddedKafkaKraftBroker newKafka(int port) {
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 6, Topics.MIGRATION_REQUESTS,
				Topics.MIGRATION_REQUESTS_DLT, Topics.MIGRATION_COMMANDS, Topics.MIGRATION_EVENTS);
		if (port > 0) {
			kafka.kafkaPorts(port);
		}
		kafka.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(kafka::destroy));
		return kafka;
	}

	/** A loopback port nothing listens on right now. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
