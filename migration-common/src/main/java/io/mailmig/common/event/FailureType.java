package io.mailmig.common.event;

/** Why a pass failed. */
public enum FailureType {

	/** A login was refused: wrong password, unknown user, administrator not allowed. */
	AUTHENTICATION,

	/** A server could not be reached or kept dropping the connection after retries. */
	CONNECTION,

	/** TLS failed: certificate not trusted, host name mismatch, STARTTLS not offered. */
	TLS,

	/** The destination mailbox is full. */
	OVER_QUOTA,

	/** A folder could not be read or written (gone, UIDVALIDITY changed, refused). */
	FOLDER,

	/** What was read back from the destination differs from what was copied. */
	VERIFICATION,

	/** The request could not be used (a key that does not open its credentials). */
	INVALID_REQUEST,

	/** Anything else; the detail says what. */
	INTERNAL

}
