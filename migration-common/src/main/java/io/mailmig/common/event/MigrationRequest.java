package io.mailmig.common.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.mailmig.common.crypto.SealedCredentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.MigrationOptions;

/**
 * Asks a worker to run one pass of one mailbox migration. Every pass copies what the message ledger
 * of the (source mailbox, destination mailbox) pair does not hold yet, so the first pass copies
 * everything and later ones only what is new. Passwords are sealed.
 *
 * @param migrationId the mailbox migration
 * @param pass pass number, from 1
 * @param source source server
 * @param sourceCredentials source login
 * @param destination destination server
 * @param destinationCredentials destination login
 * @param options what to copy
 * @param requestedAt when the api asked
 */
public record MigrationRequest(UUID migrationId, int pass, ImapEndpoint source, SealedCredentials sourceCredentials,
		ImapEndpoint destination, SealedCredentials destinationCredentials, MigrationOptions options,
		Instant requestedAt) {

	public MigrationRequest {
		Objects.requireNonNull(migrationId, "migrationId");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(sourceCredentials, "sourceCredentials");
		Objects.requireNonNull(destination, "destination");
		Objects.requireNonNull(destinationCredentials, "destinationCredentials");
		if (pass < 1) {
			throw new IllegalArgumentException("pass must be 1 or more, was " + pass);
		}
		options = options == null ? MigrationOptions.DEFAULTS : options;
		requestedAt = requestedAt == null ? Instant.now() : requestedAt;
	}

	/** The identifier of this pass, {@code <migrationId>/<pass>}: the one identifying job parameter. */
	public String passKey() {
		return migrationId + "/" + pass;
	}

}
