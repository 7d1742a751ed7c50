package io.mailmig.common.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.Security;

/**
 * A private Dovecot IMAP server for tests, started from the installed {@code dovecot} binary: its own
 * configuration, users, mail and sockets under a temporary directory, listening on a free loopback
 * port, never systemd. Several instances run side by side.
 *
 * <pre class="code">
 * try (DovecotServer dovecot = DovecotServer.builder()
 * 		.separator('/')
 * 		.specialUse(DovecotServer.SpecialUseFolders.FRENCH)
 * 		.tls(true)
 * 		.build()
 * 		.start()) {
 * 	ImapSession session = connector.open(dovecot.endpoint(), dovecot.credentials("user1"));
 * 	...
 * 	dovecot.restart(); // same port, same mail
 * }
 * </pre>
 *
 * Users {@code user1}..{@code user5} (password {@value #DEFAULT_PASSWORD}) unless others are given;
 * the master user {@value #MASTER_USER}/{@value #MASTER_PASSWORD} logs in on behalf of any of them
 * (SASL PLAIN authorization identity, or {@code user1*admin}). Dovecot needs root (it switches to an
 * unprivileged mail user, {@code nobody}); instances still running when the JVM exits are stopped by
 * a shutdown hook.
 */
public final class DovecotServer implements AutoCloseable {

	public static final String DEFAULT_PASSWORD = "secret";

	public static final String MASTER_USER = "admin";

	public static final String MASTER_PASSWORD = "adminpw";

	/** Special-use mailboxes (RFC 6154) the server creates and subscribes for every user. */
	public enum SpecialUseFolders {

		ENGLISH("Sent", "Drafts", "Trash", "Junk"),

		FRENCH("Éléments envoyés", "Brouillons", "Corbeille", "Courrier indésirable"),

		NONE();

		private final Map<String, String> mailboxes = new LinkedHashMap<>();

		SpecialUseFolders(String... names) {
			String[] uses = { "\\Sent", "\\Drafts", "\\Trash", "\\Junk" };
			for (int i = 0; i < names.length; i++) {
				this.mailboxes.put(uses[i], names[i]);
			}
		}

		/** Special-use attribute ({@code \Sent}) to mailbox name, as users see it (not modified UTF-7). */
		public Map<String, String> mailboxes() {
			return this.mailboxes;
		}

	}

	private final Builder settings;

	private Path dir;

	private int port;

	private int imapsPort;

	private String certificatePem;

	private DovecotProcess process;

	private DovecotServer(Builder settings) {
		this.settings = settings;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts the server (on new free ports the first time, on the same ports and mail afterwards) and
	 * waits until it accepts connections.
	 * @throws IllegalStateException when Dovecot is not installed or does not start
	 */
	public synchronized DovecotServer start() {
		if (this.process != null && this.process.isAlive()) {
			return this;
		}
		DovecotProcess.binary();
		try {
			if (this.dir == null) {
				prepare();
			}
			List<Integer> ports = (this.imapsPort > 0) ? List.of(this.port, this.imapsPort) : List.of(this.port);
			this.process = DovecotProcess.start(this.dir.resolve("dovecot.conf"), this.dir.resolve("log/console.log"),
					ports, this::logTail);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start Dovecot in " + this.dir, ex);
		}
		return this;
	}

	/** Stops the server and waits until its processes are gone. Mail and ports are kept for {@link #start()}. */
	public synchronized void stop() {
		if (this.process != null) {
			this.process.stop();
			this.process = null;
		}
	}

	/** Stops and starts again on the same ports with the same mail (a server crash and comeback). */
	public synchronized DovecotServer restart() {
		stop();
		return start();
	}

	/** Stops the server and deletes its directory. */
	@Override
	public synchronized void close() {
		stop();
		if (this.dir != null) {
			try (Stream<Path> paths = Files.walk(this.dir)) {
				paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
			catch (IOException ex) {
				// a temporary directory left behind is not worth failing a test for
			}
		}
	}

	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/** The plain IMAP port (STARTTLS offered when TLS is on). */
	public int port() {
		return this.port;
	}

	/** The implicit-TLS IMAP port, or 0 without {@link Builder#tls(boolean)}. */
	public int imapsPort() {
		return this.imapsPort;
	}

	/** 127.0.0.1 on {@link #port()}, without TLS. */
	public ImapEndpoint endpoint() {
		return new ImapEndpoint("127.0.0.1", this.port, Security.NONE);
	}

	/** 127.0.0.1 on {@link #imapsPort()}, trusting the server's self-signed certificate. */
	public ImapEndpoint tlsEndpoint() {
		requireTls();
		return new ImapEndpoint("127.0.0.1", this.imapsPort, Security.TLS, this.certificatePem);
	}

	/** 127.0.0.1 on {@link #port()} with STARTTLS, trusting the server's self-signed certificate. */
	public ImapEndpoint startTlsEndpoint() {
		requireTls();
		return new ImapEndpoint("127.0.0.1", this.port, Security.STARTTLS, this.certificatePem);
	}

	/** The self-signed certificate (CN=localhost, SAN localhost and 127.0.0.1), PEM. */
	public String certificatePem() {
		requireTls();
		return this.certificatePem;
	}

	public Credentials credentials(String user) {
		String password = this.settings.users.get(user);
		if (password == null) {
			throw new IllegalArgumentException("No user " + user + " on this server: " + this.settings.users.keySet());
		}
		return new Credentials(user, password);
	}

	/** The master user acting on behalf of {@code mailbox}. */
	public Credentials masterCredentials(String mailbox) {
		return new Credentials(this.settings.masterUser, this.settings.masterPassword, mailbox);
	}

	/** The last lines of Dovecot's log, for failure messages. */
	public String logTail() {
		if (this.dir == null) {
			return "(not started)";
		}
		StringBuilder tail = new StringBuilder();
		for (String log : List.of("log/dovecot.log", "log/console.log")) {
			try {
				List<String> lines = Files.readAllLines(this.dir.resolve(log), StandardCharsets.UTF_8);
				lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> tail.append(l).append('\n'));
			}
			catch (IOException ex) {
				// not written yet
			}
		}
		return tail.toString();
	}

	public Path directory() {
		return this.dir;
	}

	/** Its {@code dovecot.conf}, for {@code doveadm -c} (written at the first {@link #start()}). */
	public Path configFile() {
		if (this.dir == null) {
			throw new IllegalStateException("not started yet: the configuration is written at the first start()");
		}
		return this.dir.resolve("dovecot.conf");
	}

	private void requireTls() {
		if (!this.settings.tls) {
			throw new IllegalStateException("This Dovecot has no TLS: build it with tls(true)");
		}
	}

	private void prepare() throws IOException {
		int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
		if (uid != 0) {
			throw new IllegalStateException("Dovecot switches to an unprivileged mail user and needs root to do so: "
					+ "run the tests as root");
		}
		this.dir = Files.createTempDirectory("dovecot-");
		Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
		for (String sub : List.of("run", "state", "log", "mail", "tls")) {
			Files.createDirectories(this.dir.resolve(sub));
		}
		int[] mailUser = DovecotConfig.nobody();
		Files.setAttribute(this.dir.resolve("mail"), "unix:uid", mailUser[0]);
		Files.setAttribute(this.dir.resolve("mail"), "unix:gid", mailUser[1]);
		// user:password:uid:gid:gecos:home:shell:extra — the empty userdb fields take default_fields
		StringBuilder users = new StringBuilder();
		this.settings.users.forEach((name, password) -> users.append(name)
			.append(":{PLAIN}")
			.append(password)
			.append("::::::\n"));
		Files.writeString(this.dir.resolve("users"), users);
		Files.writeString(this.dir.resolve("masters"),
				this.settings.masterUser + ":{PLAIN}" + this.settings.masterPassword + "\n");
		if (this.settings.tls) {
			this.certificatePem = SelfSignedCertificate.generate(this.dir.resolve("tls"));
		}
		this.port = freePort();
		this.imapsPort = this.settings.tls ? freePort() : 0;
		Files.writeString(this.dir.resolve("dovecot.conf"),
				DovecotConfig.render(this.settings, this.dir, this.port, this.imapsPort, mailUser[0], mailUser[1]));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Override
	public String toString() {
		return "Dovecot[127.0.0.1:" + this.port + (this.imapsPort > 0 ? ", imaps " + this.imapsPort : "") + ", "
				+ this.dir + "]";
	}

	/** How the server is built; {@link #build()} gives a server not started yet. */
	public static final class Builder {

		char separator = '.';

		SpecialUseFolders specialUse = SpecialUseFolders.ENGLISH;

		final Map<String, String> users = new LinkedHashMap<>();

		String masterUser = MASTER_USER;

		String masterPassword = MASTER_PASSWORD;

		long quotaBytes;

		long maxMessageBytes;

		boolean tls;

		private Builder() {
		}

		/** The hierarchy separator, {@code .} (default) or {@code /}. */
		public Builder separator(char separator) {
			if (separator != '.' && separator != '/') {
				throw new IllegalArgumentException("separator must be '.' or '/'");
			}
			this.separator = separator;
			return this;
		}

		/** Which special-use mailboxes exist and are subscribed from the start (default ENGLISH). */
		public Builder specialUse(SpecialUseFolders specialUse) {
			this.specialUse = specialUse;
			return this;
		}

		/** Adds a user; without any, user1..user5 with password {@value #DEFAULT_PASSWORD}. */
		public Builder user(String name, String password) {
			this.users.put(name, password);
			return this;
		}

		/** Adds user1..user{count} with password {@value #DEFAULT_PASSWORD}. */
		public Builder users(int count) {
			for (int i = 1; i <= count; i++) {
				this.users.put("user" + i, DEFAULT_PASSWORD);
			}
			return this;
		}

		public Builder masterUser(String name, String password) {
			this.masterUser = name;
			this.masterPassword = password;
			return this;
		}

		/** A storage quota for every user; APPEND beyond it answers {@code NO [OVERQUOTA]}. */
		public Builder quota(long bytes) {
			this.quotaBytes = bytes;
			return this;
		}

		/** Messages larger than this are refused ({@code quota_max_mail_size}: {@code NO [LIMIT]}). */
		public Builder maxMessageSize(long bytes) {
			this.maxMessageBytes = bytes;
			return this;
		}

		/** Also listen with implicit TLS on {@link #imapsPort()} and offer STARTTLS on the plain port. */
		public Builder tls(boolean tls) {
			this.tls = tls;
			return this;
		}

		public DovecotServer build() {
			if (this.users.isEmpty()) {
				users(5);
			}
			return new DovecotServer(this);
		}

	}

}
