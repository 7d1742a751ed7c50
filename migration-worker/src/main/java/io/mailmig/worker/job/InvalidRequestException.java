package io.mailmig.worker.job;

/** A request the worker cannot use, such as credentials sealed with another key. */
public class InvalidRequestException extends RuntimeException {

	public InvalidRequestException(String message) {
		super(message);
	}

}
