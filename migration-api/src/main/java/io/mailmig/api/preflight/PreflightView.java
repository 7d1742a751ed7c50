package io.mailmig.api.preflight;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The last pre-flight of a migration, the {@code preflight} field of {@code GET /api/v1/migrations/{id}}.
 *
 * @param state {@code RUNNING}, {@code PASSED}, {@code WARNED} (passed, with checks to read) or
 * {@code FAILED}
 * @param startedAt when it started
 * @param finishedAt when it ended, or null while it runs
 * @param checks every check, with its status ({@code OK}, {@code WARN}, {@code FAIL}) and detail
 * @param folders folders the first pass will copy, once the logins passed
 * @param messages messages it will copy
 * @param bytes their total size
 * @param largestMessage the size of the largest of them
 * @param estimatedDuration how long copying them should take at the assumed throughput
 * ({@code mailmig.api.preflight.assumed-throughput}), ISO-8601
 */
public record PreflightView(String state, Instant startedAt, Instant finishedAt, List<PreflightCheck> checks,
		Integer folders, Long messages, Long bytes, Long largestMessage, Duration estimatedDuration) {
}
