package io.mailmig.api.system;

import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Says where a JSON document went wrong, by field path and position, without quoting it: Jackson's own
 * messages echo the input, which may be a password.
 */
public final class JsonViolations {

	private JsonViolations() {
	}

	/**
	 * @param cause what reading the document threw
	 * @param part the multipart part it came from, or null for the request body
	 */
	public static Violation of(Throwable cause, String part) {
		Violation violation = violation(cause);
		if (part == null) {
			return violation;
		}
		return new Violation("body".equals(violation.field()) ? part : part + "." + violation.field(),
				violation.detail());
	}

	private static Violation violation(Throwable cause) {
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			String expected = mismatch.getTargetType() != null ? mismatch.getTargetType().getSimpleName() : "value";
			return new Violation(path(mismatch.getPath()), "must be a valid " + expected);
		}
		if (cause instanceof JacksonException json) {
			TokenStreamLocation location = json.getLocation();
			String where = (location != null && location.getLineNr() > 0)
					? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
			return new Violation(path(json.getPath()), "malformed JSON" + where);
		}
		return new Violation("body", "a JSON body is required");
	}

	private static String path(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

}
