package io.mailmig.common.imap;

import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;

/** Opens authenticated sessions. */
public interface ImapConnector {

	/**
	 * Connects (TLS, STARTTLS or plain as the endpoint says, certificates verified), reads the
	 * capabilities and logs in: LOGIN or SASL PLAIN, and SASL PLAIN with an authorization identity when
	 * the credentials act on behalf of another user.
	 * @throws MailboxImapException with {@code AUTHENTICATION} or {@code TLS} reasons,
	 * {@link TransientImapException} when the server cannot be reached
	 */
	ImapSession open(ImapEndpoint endpoint, Credentials credentials);

}
