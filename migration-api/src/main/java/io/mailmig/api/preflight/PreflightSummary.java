package io.mailmig.api.preflight;

import java.time.Duration;

/**
 * The pre-flight of a plan's migrations, summed: the {@code preflight} field of
 * {@code GET /api/v1/plans/{id}}.
 *
 * @param pending migrations not checked yet or being checked
 * @param passed migrations whose checks all passed
 * @param warned migrations that passed with warnings
 * @param failed migrations blocked by a failed check
 * @param folders folders to copy, over the checked migrations
 * @param messages messages to copy
 * @param bytes their total size
 * @param estimatedDuration the time to copy them all, one migration after the other, at the assumed
 * throughput; migrations running side by side take less
 */
public record PreflightSummary(long pending, long passed, long warned, long failed, long folders, long messages,
		long bytes, Duration estimatedDuration) {
}
