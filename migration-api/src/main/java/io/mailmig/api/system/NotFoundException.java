package io.mailmig.api.system;

import java.util.UUID;

/** No such plan or migration: answered 404. */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String what, UUID id) {
		super("no " + what + " " + id);
	}

}
