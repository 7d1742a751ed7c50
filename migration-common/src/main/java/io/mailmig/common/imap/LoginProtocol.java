package io.mailmig.common.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Properties;

import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.util.MailLogger;

/**
 * Angus Mail's IMAP protocol with a login that costs one round trip where the server allows it: SASL
 * PLAIN with its initial response in the AUTHENTICATE command (SASL-IR, RFC 4959) instead of waiting for
 * the server's empty challenge, and no CAPABILITY command after the login when the server already sent
 * its capabilities in the login's tagged OK (RFC 9051 §6.2.2, §7.1). Every session of a migration logs in
 * (pre-flight, discovery, each copy partition), so at 20 ms of round trip that is 40 ms a login.
 */
final class LoginProtocol extends IMAPProtocol {

	private boolean authenticatedHere;

	/** Whether the last response whose capabilities were looked at carried a CAPABILITY response code. */
	private boolean capabilitiesInResponse;

	LoginProtocol(String name, String host, int port, Properties props, boolean isSSL, MailLogger logger)
			throws IOException, ProtocolException {
		super(name, host, port, props, isSSL, logger);
	}

	/**
	 * SASL PLAIN (RFC 4616), in one round trip when the server offers SASL-IR, else Angus Mail's two.
	 * @param authzid the identity to act as, or null for the user's own
	 */
	void authenticatePlain(String authzid, String user, String password) throws ProtocolException {
		this.capabilitiesInResponse = false;
		if (!hasCapability("SASL-IR")) {
			authplain(authzid, user, password);
			return;
		}
		String message = (authzid == null ? "" : authzid) + "\0" + user + "\0" + password;
		Argument args = new Argument();
		args.writeAtom("PLAIN");
		args.writeAtom(Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8)));
		Response[] responses;
		// the initial response is the password: never in a protocol trace
		suspendTracing();
		try {
			responses = command("AUTHENTICATE", args);
		}
		finally {
			resumeTracing();
		}
		handleCapabilityResponse(responses);
		notifyResponseHandlers(responses);
		Response result = responses[responses.length - 1];
		handleLoginResult(result);
		setCapabilities(result);
		this.authenticatedHere = true;
	}

	/** Username and password with the LOGIN command (one round trip); Angus Mail sends them as ASCII. */
	void loginCommand(String user, String password) throws ProtocolException {
		this.capabilitiesInResponse = false;
		login(user, password);
	}

	/**
	 * After a login: the capabilities as they are now, asked for only when the login's reply did not
	 * carry them (they may change at login: RFC 9051 §7.1).
	 */
	void refreshCapabilitiesAfterLogin() throws ProtocolException {
		if (!this.capabilitiesInResponse) {
			capability();
		}
	}

	@Override
	protected void setCapabilities(Response response) {
		String text = response.toString().toUpperCase(Locale.ROOT);
		this.capabilitiesInResponse = response.isTagged() && response.isOK() && text.contains("[CAPABILITY ");
		super.setCapabilities(response);
	}

	@Override
	public boolean isAuthenticated() {
		return this.authenticatedHere || super.isAuthenticated();
	}

}
