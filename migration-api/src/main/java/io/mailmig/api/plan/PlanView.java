package io.mailmig.api.plan;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.mailmig.api.preflight.PreflightSummary;

/**
 * A plan as {@code GET /api/v1/plans/{id}} shows it. Scripts rely on {@code id, name, state,
 * migrations, messages, bytes, eta}: fields may be added, never renamed.
 *
 * @param id the plan
 * @param name its name
 * @param state {@code PREFLIGHT} (checks running, nothing started), {@code READY} (checked, nothing
 * started), {@code RUNNING}, {@code SYNCED} (waiting for cutover),
 * {@code COMPLETED}, {@code COMPLETED_WITH_ERRORS}, {@code FAILED} or {@code CANCELLED}, from its
 * migrations' states
 * @param mode {@code ONE_SHOT} or {@code SYNC_UNTIL_CUTOVER}
 * @param migrations how many migrations are in each state (every state is listed)
 * @param messages messages copied and to copy, all migrations and passes
 * @param bytes bytes copied and to copy
 * @param eta when the passes running now should end, at their current rate; null when nothing runs
 * or no rate is known yet
 * @param createdAt when the plan was created
 * @param preflight its migrations' pre-flight checks, summed
 */
record PlanView(UUID id, String name, String state, PlanMode mode, Map<String, Long> migrations, Count messages,
		Count bytes, Instant eta, Instant createdAt, PreflightSummary preflight) {

	/**
	 * @param copied copied so far
	 * @param total to copy, as discovery counted it
	 */
	record Count(long copied, long total) {
	}

}
