package io.mailmig.worker.ledger;

/**
 * What the ledger knows of one source folder of a pair.
 *
 * @param pairId the pair
 * @param sourceFolder source folder wire name
 * @param sourceUidValidity the source UIDVALIDITY the ledger's UIDs belong to
 * @param destinationFolder destination folder wire name
 * @param destinationUidValidity the destination UIDVALIDITY the ledger's destination UIDs belong to
 * @param destinationWatermark destination UIDNEXT as of the last committed chunk
 * @param copiedUidNext source UIDNEXT when the folder was last copied completely, or null
 * @param copiedMessages source message count then, or null
 * @param copiedHighestModSeq source HIGHESTMODSEQ then (0 without CONDSTORE), or null
 */
public record LedgerFolder(long pairId, String sourceFolder, long sourceUidValidity, String destinationFolder,
		long destinationUidValidity, long destinationWatermark, Long copiedUidNext, Long copiedMessages,
		Long copiedHighestModSeq) {
}
