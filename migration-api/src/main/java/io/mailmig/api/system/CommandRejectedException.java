package io.mailmig.api.system;

/** A command the current state does not allow (restart a running migration…): answered 409. */
public class CommandRejectedException extends RuntimeException {

	public CommandRejectedException(String message) {
		super(message);
	}

}
