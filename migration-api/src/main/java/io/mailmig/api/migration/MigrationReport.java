package io.mailmig.api.migration;

import java.util.List;
import java.util.UUID;

/**
 * The verification report of a migration: per folder, what the source held, what was copied over all
 * passes, what was skipped and what reading the destination back confirmed.
 *
 * @param migrationId the migration
 * @param sourceUser source mailbox
 * @param destinationUser destination mailbox: where the mail now lives
 * @param state where the migration stands
 * @param passes passes run
 * @param verified true when every folder was verified without a mismatch, none rejected, none skipped
 * @param folders one line per source folder
 */
record MigrationReport(UUID migrationId, String sourceUser, String destinationUser, MigrationState state, int passes,
		boolean verified, List<FolderReport> folders) {

	/**
	 * @param folder source folder
	 * @param destination destination folder
	 * @param sourceMessages messages in the source folder at the latest discovery
	 * @param copied messages copied, all passes
	 * @param skipped messages skipped by the latest pass that completed the folder
	 * @param inDestination messages the ledger knows at the destination after that pass
	 * @param verified messages read back whose digest matched
	 * @param mismatched messages read back that differ or are missing
	 * @param status {@code VERIFIED}, {@code MISMATCH}, {@code NOT_VERIFIED} (not completed yet) or
	 * {@code REJECTED}
	 * @param rejectedReason why the folder is not copied, when rejected
	 */
	record FolderReport(String folder, String destination, long sourceMessages, long copied, long skipped,
			long inDestination, long verified, long mismatched, String status, String rejectedReason) {
	}

}
