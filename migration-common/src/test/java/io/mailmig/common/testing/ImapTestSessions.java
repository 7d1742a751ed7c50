package io.mailmig.common.testing;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

/** Plain Angus Mail connections for the test tools, independent of the project's IMAP layer. */
final class ImapTestSessions {

	private ImapTestSessions() {
	}

	/** A logged-in store over a plain (no TLS) connection with finite timeouts. */
	static Store connect(String host, int port, String user, String password) throws MessagingException {
		Properties props = new Properties();
		props.setProperty("mail.store.protocol", "imap");
		props.setProperty("mail.imap.host", host);
		props.setProperty("mail.imap.port", String.valueOf(port));
		props.setProperty("mail.imap.connectiontimeout", "10000");
		props.setProperty("mail.imap.timeout", "120000");
		props.setProperty("mail.imap.writetimeout", "120000");
		// whole BODY[] in one literal: Angus would otherwise split large fetches into partial ones
		props.setProperty("mail.imap.partialfetch", "false");
		props.setProperty("mail.imap.ssl.enable", "false");
		props.setProperty("mail.imap.starttls.enable", "false");
		Store store = Session.getInstance(props).getStore("imap");
		store.connect(host, port, user, password);
		return store;
	}

	/** {@code host:port:user:password}, the form verify.py takes; the password may contain ':'. */
	static String[] parse(String spec) {
		String[] parts = spec.split(":", 4);
		if (parts.length != 4) {
			throw new IllegalArgumentException("expected host:port:user:password");
		}
		return parts;
	}

}
