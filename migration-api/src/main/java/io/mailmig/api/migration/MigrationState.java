package io.mailmig.api.migration;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a mailbox migration stands (DESIGN.md §4): {@code PENDING → PREFLIGHT → READY → QUEUED →
 * RUNNING → (SYNCED ⇄ RUNNING) → COMPLETED | COMPLETED_WITH_ERRORS | FAILED | CANCELLED}.
 */
public enum MigrationState {

	/** Stored; pre-flight not run yet. */
	PENDING,

	/** Pre-flight checks running. */
	PREFLIGHT,

	/** Checked; waits for the plan to start. */
	READY,

	/** A pass was asked of the workers and none has started it yet. */
	QUEUED,

	/** A worker copies it. */
	RUNNING,

	/** Up to date ({@code SYNC_UNTIL_CUTOVER}); incremental passes keep it so until cutover. */
	SYNCED,

	/** Every folder copied and verified. */
	COMPLETED,

	/** Done, but some messages were skipped, folders rejected or verification found a mismatch. */
	COMPLETED_WITH_ERRORS,

	/** The last pass failed; a restart resumes it from its last committed chunk. */
	FAILED,

	/** Stopped by an operator. */
	CANCELLED;

	/** States where no pass is wanted any more unless an operator asks. */
	public static final Set<MigrationState> TERMINAL = EnumSet.of(COMPLETED, COMPLETED_WITH_ERRORS, FAILED, CANCELLED);

	/** States where a pass is in the workers' hands. */
	public static final Set<MigrationState> ACTIVE = EnumSet.of(QUEUED, RUNNING);

}
