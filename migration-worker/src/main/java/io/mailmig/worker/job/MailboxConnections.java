package io.mailmig.worker.job;

import io.mailmig.common.imap.ImapConnector;
import io.mailmig.common.imap.ImapSession;

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
		return this.retries.retrying(() -> this.connector.open(pass.request().source(), pass.source()));
	}

	public ImapSession destination(PassContext pass) {
		return this.retries
			.retrying(() -> this.connector.open(pass.request().destination(), pass.destination()));
	}

}
