package io.mailmig.worker.copy;

import java.util.List;

import io.mailmig.common.imap.MessageSummary;

/**
 * The messages of one chunk, bounded by count and by bytes (a single larger message makes a batch of
 * its own). A chunk of the copy step holds exactly one batch: one transaction, one ledger batch, one
 * progress event.
 *
 * @param messages source messages, ascending UID
 */
record CopyBatch(List<MessageSummary> messages) {

	CopyBatch {
		messages = List.copyOf(messages);
	}

}
