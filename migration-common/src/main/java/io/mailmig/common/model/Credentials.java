package io.mailmig.common.model;

/**
 * Clear-text login for one mailbox. Lives only in memory: on the wire and at rest credentials are
 * {@link io.mailmig.common.crypto.SealedCredentials}.
 *
 * @param user the login name (the mailbox owner, or an administrator when {@code authorizationId} is
 * set)
 * @param password the password of {@code user}
 * @param authorizationId the mailbox to act on when logging in as an administrator (SASL PLAIN
 * authorization identity, RFC 4616 §2), or {@code null}
 */
public record Credentials(String user, String password, String authorizationId) {

	public Credentials {
		if (user == null || user.isBlank()) {
			throw new IllegalArgumentException("user must not be blank");
		}
		if (password == null) {
			throw new IllegalArgumentException("password must not be null");
		}
		if (authorizationId != null && authorizationId.isBlank()) {
			authorizationId = null;
		}
	}

	public Credentials(String user, String password) {
		this(user, password, null);
	}

	/** The mailbox these credentials open: the authorization identity if any, else the user. */
	public String mailbox() {
		return authorizationId != null ? authorizationId : user;
	}

	@Override
	public String toString() {
		return "Credentials[user=" + user + (authorizationId != null ? ", as=" + authorizationId : "")
				+ ", password=******]";
	}

}
