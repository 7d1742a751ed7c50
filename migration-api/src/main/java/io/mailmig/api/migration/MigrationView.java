package io.mailmig.api.migration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.mailmig.api.preflight.PreflightView;

/**
 * A migration as {@code GET /api/v1/migrations/{id}} shows it. Scripts rely on {@code id, planId,
 * sourceUser, destinationUser, state, passes, folders, skipped, error}: fields may be added, never
 * renamed. No password, sealed or not, and no login of an administrator.
 *
 * @param id the migration
 * @param planId its plan
 * @param sourceUser source mailbox
 * @param destinationUser destination mailbox
 * @param state where it stands
 * @param currentPass the last pass asked of the workers (0: none yet)
 * @param messages messages copied and to copy, over all passes
 * @param bytes bytes copied and to copy, over all passes
 * @param passes history of its passes
 * @param folders folders of the latest pass that listed them
 * @param skipped messages not copied, with why
 * @param error the last failure, or null
 * @param cutoverRequested whether a cutover waits for the running pass to end
 * @param nextSyncAt when the next incremental pass is due ({@code SYNCED} only)
 * @param updatedAt last change
 * @param preflight its last pre-flight: checks, what the first pass will copy and how long it should
 * take; null until it starts
 */
record MigrationView(UUID id, UUID planId, String sourceUser, String destinationUser, MigrationState state,
		int currentPass, Count messages, Count bytes, List<PassView> passes, List<FolderView> folders,
		List<SkippedView> skipped, ErrorView error, boolean cutoverRequested, Instant nextSyncAt, Instant updatedAt,
		PreflightView preflight) {

	/**
	 * @param copied copied so far
	 * @param total to copy, as discovery counted it
	 */
	record Count(long copied, long total) {
	}

	/**
	 * @param number pass number, from 1
	 * @param outcome {@code REQUESTED, RUNNING, COMPLETED, COMPLETED_WITH_ERRORS, FAILED, CANCELLED}
	 * @param finalPass true for the cutover pass
	 * @param requestedAt when the api asked for it
	 * @param startedAt when a worker started it
	 * @param finishedAt when it ended
	 * @param messagesCopied messages it copied
	 * @param bytesCopied bytes it copied
	 * @param messagesTotal messages it found to copy
	 */
	record PassView(int number, String outcome, boolean finalPass, Instant requestedAt, Instant startedAt,
			Instant finishedAt, long messagesCopied, long bytesCopied, long messagesTotal) {
	}

	/**
	 * @param name source folder
	 * @param destination destination folder
	 * @param pass the pass these figures are of
	 * @param state {@code PENDING, COPYING, COMPLETED, REJECTED}
	 * @param messages messages in the source folder
	 * @param toCopy messages this pass copies
	 * @param copied messages this pass copied so far
	 * @param bytesCopied bytes this pass copied so far
	 * @param skipped messages this pass skipped
	 * @param verified messages read back and matched, once the folder is completed
	 * @param mismatched messages read back that differ or are missing, once the folder is completed
	 * @param rejectedReason why the folder is not copied, when rejected
	 */
	record FolderView(String name, String destination, int pass, String state, long messages, long toCopy, long copied,
			long bytesCopied, long skipped, Long verified, Long mismatched, String rejectedReason) {
	}

	/**
	 * @param pass the pass that skipped it
	 * @param folder source folder
	 * @param uid source UID
	 * @param size bytes
	 * @param reason why
	 * @param detail the server's words, if any
	 * @param occurredAt when
	 */
	record SkippedView(int pass, String folder, long uid, long size, String reason, String detail,
			Instant occurredAt) {
	}

	/**
	 * @param type the kind of failure ({@code AUTHENTICATION}, {@code CONNECTION}…)
	 * @param detail what happened
	 */
	record ErrorView(String type, String detail) {
	}

}
