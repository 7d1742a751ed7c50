package io.mailmig.api.plan;

/** How the migrations of a plan end. */
public enum PlanMode {

	/** One pass; the migration is complete when it ends. */
	ONE_SHOT,

	/**
	 * After the first pass the migration is {@code SYNCED}; incremental passes keep it up to date until
	 * cutover runs a final pass.
	 */
	SYNC_UNTIL_CUTOVER

}
