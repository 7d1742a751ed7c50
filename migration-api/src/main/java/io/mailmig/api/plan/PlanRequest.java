package io.mailmig.api.plan;

import java.util.List;

/**
 * The body of {@code POST /api/v1/plans} (or its {@code plan} part), as the client sent it: nothing is
 * checked yet ({@link PlanValidator} does), and enumerations, sizes and durations are strings so that a
 * wrong one is reported with its field rather than as unreadable JSON.
 *
 * @param name a name for people
 * @param source the server mailboxes are copied from
 * @param destination the server they are copied to
 * @param mode {@code ONE_SHOT} (default) or {@code SYNC_UNTIL_CUTOVER}
 * @param options what to copy, and how often to sync
 * @param start false to stop at {@code READY}, once pre-flight passed, until
 * {@code POST /api/v1/plans/{id}/start}; true (default) to queue each migration as soon as its
 * pre-flight passes
 * @param accounts the mailboxes, unless they come as a CSV part
 */
record PlanRequest(String name, EndpointRequest source, EndpointRequest destination, String mode,
		OptionsRequest options, Boolean start, List<AccountRequest> accounts) {

	/**
	 * @param host server host name
	 * @param port TCP port (default 993 with TLS, 143 otherwise)
	 * @param security {@code TLS} (default), {@code STARTTLS} or {@code NONE}
	 * @param trustedCertificatePem a PEM certificate (or CA) to trust besides the JVM's
	 * @param admin an administrator login that acts for every account without its own password
	 */
	record EndpointRequest(String host, Integer port, String security, String trustedCertificatePem,
			LoginRequest admin) {
	}

	/**
	 * @param user login name
	 * @param password its password
	 */
	record LoginRequest(String user, String password) {

		@Override
		public String toString() {
			return "LoginRequest[user=" + this.user + ", password=******]";
		}

	}

	/**
	 * @param includeFolders only these folders (and children)
	 * @param excludeFolders not these folders (a name or a special-use role such as {@code \Junk})
	 * @param since only messages received on or after this ISO-8601 instant or date
	 * @param maxMessageSize larger messages are skipped and reported ({@code 50MB}, or bytes)
	 * @param syncInterval time between incremental passes in {@code SYNC_UNTIL_CUTOVER} mode
	 * ({@code 15m}, {@code PT15M}); default 15 minutes, at least 1 minute
	 * @param destinationMustBeEmpty whether pre-flight blocks a destination that holds messages (default
	 * true)
	 */
	record OptionsRequest(List<String> includeFolders, List<String> excludeFolders, String since,
			String maxMessageSize, String syncInterval, Boolean destinationMustBeEmpty) {
	}

	/**
	 * @param sourceUser source mailbox
	 * @param sourcePassword its password; empty when the source has an admin login
	 * @param destinationUser destination mailbox
	 * @param destinationPassword its password; empty when the destination has an admin login
	 */
	record AccountRequest(String sourceUser, String sourcePassword, String destinationUser,
			String destinationPassword) {

		@Override
		public String toString() {
			return "AccountRequest[sourceUser=" + this.sourceUser + ", destinationUser=" + this.destinationUser
					+ ", passwords=******]";
		}

	}

}
