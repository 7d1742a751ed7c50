package io.mailmig.api.system;

import java.util.List;

/** A request that cannot be accepted as it is: answered 400 with every violation found. */
public class InvalidRequestException extends RuntimeException {

	private final List<Violation> violations;

	public InvalidRequestException(List<Violation> violations) {
		super(summary(violations));
		this.violations = List.copyOf(violations);
	}

	public InvalidRequestException(String field, String detail) {
		this(List.of(new Violation(field, detail)));
	}

	public List<Violation> violations() {
		return this.violations;
	}

	private static String summary(List<Violation> violations) {
		if (violations.isEmpty()) {
			throw new IllegalArgumentException("at least one violation is required");
		}
		String first = violations.get(0).toString();
		return violations.size() == 1 ? first : first + " (and " + (violations.size() - 1) + " more)";
	}

}
