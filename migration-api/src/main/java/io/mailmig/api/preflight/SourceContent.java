package io.mailmig.api.preflight;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import io.mailmig.common.folder.FolderMapping;
import io.mailmig.common.folder.FolderPlan;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MessageSummary;
import io.mailmig.common.model.MigrationOptions;

/**
 * What the first pass will copy from the source, message by message as the worker selects them: the
 * folders the plan's filter keeps, messages since {@code since}, none over {@code maxMessageSize}. One
 * UID FETCH of sizes per folder (and one SEARCH when the plan has a {@code since}).
 *
 * @param messages messages to copy
 * @param bytes their total size
 * @param largest the size of the largest of them
 * @param largestFolder the folder holding it, or null
 * @param overMaxSize messages left out for being over the plan's {@code maxMessageSize}
 * @param overLimit messages to copy that are over the destination's APPENDLIMIT
 */
record SourceContent(long messages, long bytes, long largest, String largestFolder, long overMaxSize,
		long overLimit) {

	static SourceContent of(ImapSession source, FolderPlan plan, MigrationOptions options, OptionalLong appendLimit) {
		long messages = 0;
		long bytes = 0;
		long largest = 0;
		String largestFolder = null;
		long overMaxSize = 0;
		long overLimit = 0;
		// every folder in one round trip; one that could not be listed together is listed alone, which says why
		java.util.Map<String, List<MessageSummary>> listed = source
			.listMessagesAll(plan.selectable().stream().map(f -> f.source().name()).toList());
		for (FolderMapping folder : plan.selectable()) {
			String name = folder.source().name();
			Set<Long> since = (options.since() == null) ? null : new HashSet<>(source.searchSince(name, options.since()));
			List<MessageSummary> messagesOfFolder = listed.containsKey(name) ? listed.get(name)
					: source.listMessages(name, 1, Long.MAX_VALUE);
			for (MessageSummary message : messagesOfFolder) {
				if (since != null && !since.contains(message.uid())) {
					continue;
				}
				if (options.maxMessageSize() != null && message.size() > options.maxMessageSize()) {
					overMaxSize++;
					continue;
				}
				messages++;
				bytes += message.size();
				if (appendLimit.isPresent() && message.size() > appendLimit.getAsLong()) {
					overLimit++;
				}
				if (message.size() > largest) {
					largest = message.size();
					largestFolder = folder.displayName();
				}
			}
		}
		return new SourceContent(messages, bytes, largest, largestFolder, overMaxSize, overLimit);
	}

}
