package io.mailmig.common.model;

/** How the connection to an IMAP server is protected. */
public enum Security {

	/** Implicit TLS from the first byte (IMAPS, usually port 993). */
	TLS,

	/** Plain connection upgraded with STARTTLS before login; the upgrade is required. */
	STARTTLS,

	/** No encryption: only for loopback tests and trusted private networks. */
	NONE

}
