package io.mailmig.api.preflight;

import java.util.Objects;

/**
 * One pre-flight check of a migration, as {@code GET /api/v1/migrations/{id}} shows it.
 *
 * @param name what was checked: {@code SOURCE_LOGIN}, {@code DESTINATION_LOGIN}, {@code CAPABILITIES},
 * {@code FOLDERS}, {@code DESTINATION_EMPTY}, {@code DESTINATION_QUOTA}, {@code MESSAGE_SIZE}
 * @param status {@code OK}, {@code WARN} (the migration may run; read the detail) or {@code FAIL} (it
 * may not)
 * @param detail what was found, in words; never a credential
 */
public record PreflightCheck(String name, Status status, String detail) {

	public PreflightCheck {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(detail, "detail");
	}

	/** How a check ended. */
	public enum Status {

		/** Nothing to say. */
		OK,

		/** The migration may run, but someone should read the detail. */
		WARN,

		/** The migration must not run as it is. */
		FAIL

	}

}
