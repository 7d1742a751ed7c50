package io.mailmig.common.model;

/**
 * Where an IMAP server listens and how to reach it.
 *
 * @param host server host name or address
 * @param port TCP port, 1..65535
 * @param security connection protection
 * @param trustedCertificatePem optional PEM certificate (or CA) trusted in addition to the JVM's trust
 * store; certificates are always verified
 */
public record ImapEndpoint(String host, int port, Security security, String trustedCertificatePem) {

	public ImapEndpoint {
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException("host must not be blank");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
		}
		if (security == null) {
			throw new IllegalArgumentException("security must be TLS, STARTTLS or NONE");
		}
		host = host.trim();
		if (trustedCertificatePem != null && trustedCertificatePem.isBlank()) {
			trustedCertificatePem = null;
		}
	}

	public ImapEndpoint(String host, int port, Security security) {
		this(host, port, security, null);
	}

	/** The server as it appears in ledger keys and logs: {@code host:port}. */
	public String address() {
		return host.toLowerCase(java.util.Locale.ROOT) + ":" + port;
	}

}
