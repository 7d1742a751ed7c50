package io.mailmig.api.plan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.MigrationOptions;

/**
 * A plan that passed validation, ready to store. Passwords are still clear here: they are sealed when
 * stored and never leave memory otherwise.
 *
 * @param name a name for people
 * @param mode how its migrations end
 * @param source source server
 * @param destination destination server
 * @param options what to copy
 * @param syncInterval time between incremental passes in {@code SYNC_UNTIL_CUTOVER} mode
 * @param destinationMustBeEmpty whether pre-flight blocks a non-empty destination
 * @param start whether its migrations are queued as soon as their pre-flight passes
 * @param accounts one per mailbox, at least one
 */
record NewPlan(String name, PlanMode mode, ImapEndpoint source, ImapEndpoint destination, MigrationOptions options,
		Duration syncInterval, boolean destinationMustBeEmpty, boolean start, List<NewAccount> accounts) {

	NewPlan {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(destination, "destination");
		Objects.requireNonNull(options, "options");
		Objects.requireNonNull(syncInterval, "syncInterval");
		accounts = List.copyOf(accounts);
		if (accounts.isEmpty()) {
			throw new IllegalArgumentException("a plan needs at least one account");
		}
	}

	/**
	 * One mailbox to migrate.
	 *
	 * @param sourceUser the source mailbox
	 * @param sourceLogin how to log in to it (the user, or an administrator acting for the user)
	 * @param destinationUser the destination mailbox
	 * @param destinationLogin how to log in to it
	 */
	record NewAccount(String sourceUser, Credentials sourceLogin, String destinationUser, Credentials destinationLogin) {

		NewAccount {
			Objects.requireNonNull(sourceUser, "sourceUser");
			Objects.requireNonNull(sourceLogin, "sourceLogin");
			Objects.requireNonNull(destinationUser, "destinationUser");
			Objects.requireNonNull(destinationLogin, "destinationLogin");
			if (!sourceUser.equals(sourceLogin.mailbox()) || !destinationUser.equals(destinationLogin.mailbox())) {
				throw new IllegalArgumentException("a login must open the account's own mailbox");
			}
		}

	}

}
