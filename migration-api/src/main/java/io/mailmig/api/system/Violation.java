package io.mailmig.api.system;

/**
 * One thing wrong with a request, named by where it is: a JSON path ({@code accounts[3].sourceUser})
 * or a part ({@code accounts}, with the CSV line in the detail). Never carries the offending value: it
 * may be a password.
 *
 * @param field where
 * @param detail what is wrong, in words
 */
public record Violation(String field, String detail) {

	public Violation {
		if (field == null || field.isBlank()) {
			throw new IllegalArgumentException("field must not be blank");
		}
		if (detail == null || detail.isBlank()) {
			throw new IllegalArgumentException("detail must not be blank");
		}
	}

	@Override
	public String toString() {
		return this.field + ": " + this.detail;
	}

}
