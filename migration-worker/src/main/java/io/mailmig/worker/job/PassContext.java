package io.mailmig.worker.job;

import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.model.Credentials;
import io.mailmig.worker.ledger.MailboxPair;

/**
 * Everything a step needs to know about its pass, credentials opened.
 *
 * @param passKey the pass
 * @param request the request as received
 * @param source source login, in clear (memory only)
 * @param destination destination login, in clear (memory only)
 * @param pairId the ledger's id for this pair of mailboxes
 */
public record PassContext(String passKey, MigrationRequest request, Credentials source, Credentials destination,
		long pairId) {

	public static MailboxPair pairOf(MigrationRequest request) {
		return new MailboxPair(request.source().address(), request.sourceCredentials().mailbox(),
				request.destination().address(), request.destinationCredentials().mailbox());
	}

	@Override
	public String toString() {
		return "PassContext[" + passKey + "]";
	}

}
