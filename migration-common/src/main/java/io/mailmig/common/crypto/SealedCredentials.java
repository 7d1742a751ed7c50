package io.mailmig.common.crypto;

import io.mailmig.common.model.Credentials;

/**
 * Credentials as they travel on Kafka and rest in databases: the password is sealed with
 * {@link CredentialCipher} (AES-GCM); the user names stay readable because they name the mailbox.
 *
 * @param user login name
 * @param sealedPassword the password sealed by {@link CredentialCipher#seal(String)}
 * @param authorizationId mailbox to act on when {@code user} is an administrator, or {@code null}
 */
public record SealedCredentials(String user, String sealedPassword, String authorizationId) {

	public SealedCredentials {
		if (user == null || user.isBlank()) {
			throw new IllegalArgumentException("user must not be blank");
		}
		if (sealedPassword == null || sealedPassword.isBlank()) {
			throw new IllegalArgumentException("sealedPassword must not be blank");
		}
		if (authorizationId != null && authorizationId.isBlank()) {
			authorizationId = null;
		}
	}

	public static SealedCredentials seal(Credentials credentials, CredentialCipher cipher) {
		return new SealedCredentials(credentials.user(), cipher.seal(credentials.password()),
				credentials.authorizationId());
	}

	public Credentials open(CredentialCipher cipher) {
		return new Credentials(user, cipher.open(sealedPassword), authorizationId);
	}

	/** The mailbox these credentials open. */
	public String mailbox() {
		return authorizationId != null ? authorizationId : user;
	}

}
