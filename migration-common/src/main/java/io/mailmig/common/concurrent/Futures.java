package io.mailmig.common.concurrent;

import java.util.concurrent.ExecutionException;

/** What a task run on another thread threw, thrown again on the thread that waited for it. */
public final class Futures {

	private Futures() {
	}

	/**
	 * The task's own failure: its unchecked exception or error as it was thrown, anything else wrapped.
	 * Use as {@code throw Futures.rethrow(ex)}.
	 */
	public static RuntimeException rethrow(ExecutionException ex) {
		if (ex.getCause() instanceof RuntimeException runtime) {
			return runtime;
		}
		if (ex.getCause() instanceof Error error) {
			throw error;
		}
		return new IllegalStateException(ex.getCause());
	}

}
