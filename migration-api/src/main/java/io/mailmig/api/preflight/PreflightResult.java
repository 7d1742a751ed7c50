package io.mailmig.api.preflight;

import java.time.Duration;
import java.util.List;

import io.mailmig.api.preflight.PreflightCheck.Status;

/**
 * What the pre-flight of one migration found.
 *
 * @param checks every check made, in order
 * @param failureType the error type of the first failed check ({@code AUTHENTICATION}, {@code TLS},
 * {@code CONNECTION}, {@code PREFLIGHT}…), or null when none failed
 * @param content what the source holds to copy, or null when the logins failed
 */
record PreflightResult(List<PreflightCheck> checks, String failureType, Content content) {

	PreflightResult {
		checks = List.copyOf(checks);
	}

	boolean failed() {
		return this.failureType != null;
	}

	/** {@code PASSED}, {@code WARNED} (passed with warnings) or {@code FAILED}. */
	String outcome() {
		if (failed()) {
			return "FAILED";
		}
		return this.checks.stream().anyMatch(c -> c.status() == Status.WARN) ? "WARNED" : "PASSED";
	}

	/** The failed checks' details, for the migration's error. */
	String failureDetail() {
		return String.join("; ", this.checks.stream()
			.filter(c -> c.status() == Status.FAIL)
			.map(c -> c.name() + ": " + c.detail())
			.toList());
	}

	/**
	 * What the first pass will copy, as the plan's folder filter, {@code since} and
	 * {@code maxMessageSize} select it.
	 *
	 * @param folders folders to copy
	 * @param messages messages to copy
	 * @param bytes their total size (RFC822.SIZE)
	 * @param largestMessage the size of the largest of them
	 * @param estimatedDuration how long copying them should take at the assumed throughput
	 */
	record Content(int folders, long messages, long bytes, long largestMessage, Duration estimatedDuration) {
	}

}
