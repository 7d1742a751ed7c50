package io.mailmig.worker.job;

import io.mailmig.common.crypto.CredentialCipher;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.model.Credentials;
import io.mailmig.worker.launch.PassQueue;
import io.mailmig.worker.ledger.Ledger;

import org.springframework.stereotype.Component;

/** Loads a pass's request and opens its credentials. */
@Component
public class PassContexts {

	private final PassQueue queue;

	private final Ledger ledger;

	private final CredentialCipher cipher;

	PassContexts(PassQueue queue, Ledger ledger, CredentialCipher cipher) {
		this.queue = queue;
		this.ledger = ledger;
		this.cipher = cipher;
	}

	public PassContext load(String passKey) {
		MigrationRequest request = this.queue.request(passKey);
		Credentials source;
		Credentials destination;
		try {
			source = request.sourceCredentials().open(this.cipher);
			destination = request.destinationCredentials().open(this.cipher);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException(
					"the credentials of this request do not open with this worker's encryption key: " + ex.getMessage());
		}
		return new PassContext(passKey, request, source, destination, this.ledger.pairId(PassContext.pairOf(request)));
	}

}
