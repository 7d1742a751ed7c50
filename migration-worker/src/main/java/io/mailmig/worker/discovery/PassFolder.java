package io.mailmig.worker.discovery;

/**
 * One folder of a pass's plan: one or more partitions of copyFolder, and one report of completeFolders.
 *
 * @param passKey the pass
 * @param ordinal position in the plan
 * @param sourceFolder source wire name
 * @param sourceDisplay source name as the user sees it
 * @param destinationFolder destination wire name
 * @param destinationDisplay destination name as the user sees it
 * @param sourceUidValidity source UIDVALIDITY at discovery
 * @param sourceUidNext source UIDNEXT at discovery
 * @param sourceHighestModSeq source HIGHESTMODSEQ at discovery (0 without CONDSTORE)
 * @param messages source messages at discovery
 * @param bytes their size
 * @param toCopy messages not in the ledger yet
 * @param bytesToCopy their size
 * @param unchanged true when STATUS shows nothing changed since the folder was last copied completely
 * @param destinationClean true when the destination folder's UIDNEXT was its ledger watermark at
 * discovery: no message at or above it, so no orphan of an earlier APPEND
 */
public record PassFolder(String passKey, int ordinal, String sourceFolder, String sourceDisplay,
		String destinationFolder, String destinationDisplay, long sourceUidValidity, long sourceUidNext,
		long sourceHighestModSeq, long messages, long bytes, long toCopy, long bytesToCopy, boolean unchanged,
		boolean destinationClean) {
}
