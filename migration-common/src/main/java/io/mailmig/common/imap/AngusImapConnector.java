package io.mailmig.common.imap;

import java.io.IOException;
import java.util.Properties;

import io.mailmig.common.imap.ImapFailures.Operation;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.Security;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.util.MailLogger;

/**
 * Opens {@link ImapSession}s over Eclipse Angus Mail's protocol layer.
 * <p>
 * TLS certificates and host names are always verified; an endpoint's own certificate is trusted in
 * addition to the JVM's. STARTTLS is required when asked for, never silently skipped. Every network
 * timeout is set (Angus defaults them to infinite). Credentials with an authorization identity log in
 * with SASL PLAIN only (RFC 4616 §2): falling back to LOGIN would open the administrator's own mailbox.
 */
public final class AngusImapConnector implements ImapConnector {

	/** Messages up to this size are fetched in one round trip; larger ones in ranges of this size. */
	public static final int DEFAULT_RANGE_SIZE = 8 * 1024 * 1024;

	private static final MailLogger LOGGER = new MailLogger(AngusImapConnector.class, "DEBUG IMAP", false,
			System.out);

	private final ImapTimeouts timeouts;

	private final int rangeSize;

	public AngusImapConnector(ImapTimeouts timeouts) {
		this(timeouts, DEFAULT_RANGE_SIZE);
	}

	/**
	 * @param timeouts connect, read and write timeouts
	 * @param rangeSize the largest message fetched in one round trip, and the size of the partial
	 * ranges of larger ones: at most this many bytes of a message are in memory at once
	 */
	public AngusImapConnector(ImapTimeouts timeouts, int rangeSize) {
		if (rangeSize < 1024) {
			throw new IllegalArgumentException("rangeSize must be at least 1024 bytes, was " + rangeSize);
		}
		this.timeouts = timeouts;
		this.rangeSize = rangeSize;
	}

	@Override
	public ImapSession open(ImapEndpoint endpoint, Credentials credentials) {
		boolean implicitTls = endpoint.security() == Security.TLS;
		String name = implicitTls ? "imaps" : "imap";
		Properties properties = properties(name, endpoint);
		Operation phase = Operation.CONNECT;
		LoginProtocol protocol = null;
		boolean opened = false;
		try {
			protocol = new LoginProtocol(name, endpoint.host(), endpoint.port(), properties, implicitTls, LOGGER);
			if (endpoint.security() == Security.STARTTLS) {
				phase = Operation.STARTTLS;
				startTls(protocol);
			}
			phase = Operation.LOGIN;
			login(protocol, credentials);
			// RFC 3501 §6.2.1/§7.2.1: capabilities may change after STARTTLS and after login
			protocol.refreshCapabilitiesAfterLogin();
			ImapSession session = new AngusImapSession(protocol, this.rangeSize);
			opened = true;
			return session;
		}
		catch (ProtocolException | IOException ex) {
			throw ImapFailures.classify(ex, null, phase);
		}
		finally {
			if (!opened && protocol != null) {
				protocol.disconnect();
			}
		}
	}

	private Properties properties(String name, ImapEndpoint endpoint) {
		String prefix = "mail." + name + ".";
		Properties properties = new Properties();
		properties.setProperty(prefix + "connectiontimeout", millis(this.timeouts.connect().toMillis()));
		properties.setProperty(prefix + "timeout", millis(this.timeouts.read().toMillis()));
		properties.setProperty(prefix + "writetimeout", millis(this.timeouts.write().toMillis()));
		properties.setProperty("mail.debug.auth", "false");
		// TCP_NODELAY: pipelined commands must not wait for the acknowledgement of the previous one
		properties.put(prefix + "socketFactory", NoDelaySockets.plain());
		// without this, Angus retries with the JVM's default factory when ours refuses the server
		properties.setProperty(prefix + "socketFactory.fallback", "false");
		if (endpoint.security() != Security.NONE) {
			properties.put(prefix + "ssl.socketFactory", NoDelaySockets.tls(socketFactory(endpoint)));
			properties.setProperty(prefix + "ssl.checkserveridentity", "true");
		}
		return properties;
	}

	private static javax.net.ssl.SSLSocketFactory socketFactory(ImapEndpoint endpoint) {
		try {
			return TlsSockets.socketFactory(endpoint.trustedCertificatePem());
		}
		catch (IllegalArgumentException ex) {
			throw new MailboxImapException(MailboxImapException.Reason.TLS, ex.getMessage(), ex);
		}
	}

	private static String millis(long millis) {
		return Long.toString(Math.min(millis, Integer.MAX_VALUE));
	}

	/** RFC 3501 §6.2.1; RFC 8314 §3.4: a client that asked for TLS must not go on in clear text. */
	private static void startTls(LoginProtocol protocol) throws ProtocolException {
		if (!protocol.hasCapability("STARTTLS")) {
			throw new MailboxImapException(MailboxImapException.Reason.TLS,
					"STARTTLS was required but the server does not offer it", null);
		}
		protocol.startTLS();
		protocol.capability();
	}

	private static void login(LoginProtocol protocol, Credentials credentials) throws ProtocolException {
		if (protocol.isAuthenticated()) {
			return; // PREAUTH greeting, RFC 3501 §7.1.4
		}
		if (credentials.authorizationId() != null) {
			if (!protocol.hasCapability("AUTH=PLAIN")) {
				throw new MailboxImapException(MailboxImapException.Reason.AUTHENTICATION, "Cannot log in as '"
						+ credentials.user() + "' on behalf of '" + credentials.authorizationId()
						+ "': the server does not offer AUTH=PLAIN, needed for an authorization identity (RFC 4616)",
						null);
			}
			protocol.authenticatePlain(credentials.authorizationId(), credentials.user(), credentials.password());
		}
		else if (protocol.hasCapability("AUTH=PLAIN")) {
			protocol.authenticatePlain(null, credentials.user(), credentials.password());
		}
		else if (!protocol.hasCapability("LOGINDISABLED")) {
			protocol.loginCommand(credentials.user(), credentials.password());
		}
		else {
			// RFC 3501 §6.2.3: LOGINDISABLED, usually until TLS is on
			throw new MailboxImapException(
					protocol.isSSL() ? MailboxImapException.Reason.AUTHENTICATION : MailboxImapException.Reason.TLS,
					"The server allows no login (LOGINDISABLED, no AUTH=PLAIN)"
							+ (protocol.isSSL() ? "" : ": it wants TLS first"),
					null);
		}
	}

}
