package io.mailmig.api;

import java.util.List;

import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.DovecotServer.SpecialUseFolders;

/**
 * The IMAP servers plans of the api tests point at, so that pre-flight logs in for real: one source
 * and one destination Dovecot per test JVM, with the users below. Logins may carry a domain
 * ({@code alice@old.example}): Dovecot looks users up by their local part. Tests that put mail in a
 * mailbox, or need a quota or a limit, start servers of their own.
 */
public final class TestImap {

	/** The users of both servers. */
	public static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace",
			"heidi", "ivan", "judy", "a", "b", "c");

	/** The administrator (master user) of both servers, who logs in on behalf of any user. */
	public static final String ADMIN = "mig-master";

	public static final String ADMIN_PASSWORD = "Adm1n-S3cret";

	private static DovecotServer source;

	private static DovecotServer destination;

	private TestImap() {
	}

	public static String sourcePassword(String user) {
		return "Src-S3cret-" + user;
	}

	public static String destinationPassword(String user) {
		return "Dst-S3cret-" + user;
	}

	public static synchronized DovecotServer source() {
		if (source == null) {
			source = start('/', SpecialUseFolders.ENGLISH, "Src-");
		}
		return source;
	}

	public static synchronized DovecotServer destination() {
		if (destination == null) {
			destination = start('.', SpecialUseFolders.FRENCH, "Dst-");
		}
		return destination;
	}

	/** A plan's endpoint for this server: {@code {"host": "127.0.0.1", "port": …, "security": "NONE"}}. */
	public static String endpoint(DovecotServer server) {
		return "{\"host\": \"127.0.0.1\", \"port\": " + server.port() + ", \"security\": \"NONE\"}";
	}

	/** The same, with the server's administrator login. */
	public static String endpointWithAdmin(DovecotServer server) {
		return "{\"host\": \"127.0.0.1\", \"port\": " + server.port() + ", \"security\": \"NONE\", \"admin\": {\"user\": \""
				+ ADMIN + "\", \"password\": \"" + ADMIN_PASSWORD + "\"}}";
	}

	private static DovecotServer start(char separator, SpecialUseFolders specialUse, String passwordPrefix) {
		DovecotServer.Builder builder = DovecotServer.builder()
			.separator(separator)
			.specialUse(specialUse)
			.masterUser(ADMIN, ADMIN_PASSWORD);
		USERS.forEach(user -> builder.user(user, passwordPrefix + "S3cret-" + user));
		DovecotServer server = builder.build().start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::close));
		return server;
	}

}
