package io.mailmig.api.plan;

import io.mailmig.api.plan.PlanRequest.AccountRequest;
import io.mailmig.api.system.Violation;

/**
 * An account as received, with where it came from, so that a problem names its place: the JSON path
 * {@code accounts[3].sourceUser}, or the {@code accounts} part and the CSV line.
 *
 * @param account the account
 * @param index its position among the plan's accounts, from 0
 * @param csvLine its line in the CSV part (the header is line 1), or 0 when it came in the JSON body
 */
record AccountInput(AccountRequest account, int index, int csvLine) {

	AccountInput {
		if (account == null) {
			throw new IllegalArgumentException("account must not be null");
		}
		if (index < 0 || csvLine < 0) {
			throw new IllegalArgumentException("index and csvLine must not be negative");
		}
	}

	static AccountInput json(AccountRequest account, int index) {
		return new AccountInput(account, index, 0);
	}

	static AccountInput csv(AccountRequest account, int index, int line) {
		return new AccountInput(account, index, line);
	}

	Violation violation(String property, String detail) {
		if (this.csvLine > 0) {
			return new Violation("accounts", "line " + this.csvLine + ": " + property + " " + detail);
		}
		return new Violation("accounts[" + this.index + "]." + property, detail);
	}

	/** How another problem refers to this account: {@code accounts[3]} or {@code line 4}. */
	String place() {
		return this.csvLine > 0 ? "line " + this.csvLine : "accounts[" + this.index + "]";
	}

}
