package io.mailmig.worker.job;

import io.mailmig.common.imap.ImapConnector;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MailboxImapException;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;

import org.springframework.stereotype.Component;

/** Opens the IMAP sessions of a pass, retrying transient connection failures. */
@Component
public class MailboxConnections {

	private final ImapConnector connector;

	private final Retries retries;

	MailboxConnections(ImapConnector connector, Retries retries) {
		this.connector = connector;
		this.retries = retries;
	}

	public ImapSession source(PassContext pass) {
		return open("source", pass.request().source(), pass.source());
	}

	public ImapSession destination(PassContext pass) {
		return open("destination", pass.request().destination(), pass.destination());
	}

	/** Opens a session; a refusal says which side and which login, so the user knows what to fix. */
	private ImapSession open(String side, ImapEndpoint endpoint, Credentials credentials) {
		try {
			return this.retries.retrying(() -> this.connector.open(endpoint, credentials));
		}
		catch (MailboxImapException ex) {
			throw new MailboxImapException(ex.reason(),
					side + " " + endpoint.address() + " (" + credentials.mailbox() + "): " + ex.getMessage(), ex);
		}
	}

}
