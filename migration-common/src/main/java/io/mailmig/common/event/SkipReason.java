package io.mailmig.common.event;

/** Why a message was not copied. */
public enum SkipReason {

	/** Larger than the plan's {@code maxMessageSize}. */
	LARGER_THAN_MAX_SIZE,

	/** The destination refused it as too large (APPENDLIMIT, {@code [TOOBIG]}, {@code [LIMIT]}). */
	TOO_BIG_FOR_DESTINATION,

	/** The destination refused it for lack of quota ({@code [OVERQUOTA]}). */
	OVER_QUOTA,

	/** The destination refused it for another reason (malformed, policy). */
	REJECTED_BY_DESTINATION,

	/** Gone from the source between listing and fetching. */
	EXPUNGED_AT_SOURCE

}
