package io.mailmig.worker.connection;

import java.io.OutputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.mailmig.common.imap.AppendRequest;
import io.mailmig.common.imap.FolderStatus;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MailFolder;
import io.mailmig.common.imap.MessageSummary;
import io.mailmig.common.imap.StorageQuota;

/**
 * A session that owns its connection slot: closing it closes the connection, then frees the slot. Every
 * method of {@link ImapSession} is passed on, default ones included (the real session's are pipelined);
 * {@code SlotSessionTests} checks none is missed.
 */
final class SlotSession implements ImapSession {

	private final ImapSession delegate;

	private final ConnectionSlot slot;

	SlotSession(ImapSession delegate, ConnectionSlot slot) {
		this.delegate = delegate;
		this.slot = slot;
	}

	@Override
	public Set<String> capabilities() {
		return this.delegate.capabilities();
	}

	@Override
	public boolean hasCapability(String capability) {
		return this.delegate.hasCapability(capability);
	}

	@Override
	public char separator() {
		return this.delegate.separator();
	}

	@Override
	public List<MailFolder> listFolders() {
		return this.delegate.listFolders();
	}

	@Override
	public FolderStatus status(String folder) {
		return this.delegate.status(folder);
	}

	@Override
	public void createFolder(String folder) {
		this.delegate.createFolder(folder);
	}

	@Override
	public void subscribe(String folder) {
		this.delegate.subscribe(folder);
	}

	@Override
	public List<MessageSummary> listMessages(String folder, long fromUid, long toUid) {
		return this.delegate.listMessages(folder, fromUid, toUid);
	}

	@Override
	public List<MessageSummary> listMessagesIfValid(String folder, long uidValidity, long fromUid, long toUid) {
		return this.delegate.listMessagesIfValid(folder, uidValidity, fromUid, toUid);
	}

	@Override
	public List<Long> searchSince(String folder, Instant since) {
		return this.delegate.searchSince(folder, since);
	}

	@Override
	public long fetchRaw(String folder, long uid, OutputStream sink) {
		return this.delegate.fetchRaw(folder, uid, sink);
	}

	@Override
	public long fetchRawRanges(String folder, long uid, RangeSink sink) {
		return this.delegate.fetchRawRanges(folder, uid, sink);
	}

	@Override
	public byte[] sha256(String folder, long uid) {
		return this.delegate.sha256(folder, uid);
	}

	@Override
	public OptionalLong append(String folder, AppendRequest message) {
		return this.delegate.append(folder, message);
	}

	@Override
	public Map<String, FolderStatus> statusAll(List<String> folders) {
		return this.delegate.statusAll(folders);
	}

	@Override
	public Map<String, List<MessageSummary>> listMessagesAll(List<String> folders) {
		return this.delegate.listMessagesAll(folders);
	}

	@Override
	public Set<String> createAndSubscribe(List<String> create, List<String> subscribe) {
		return this.delegate.createAndSubscribe(create, subscribe);
	}

	@Override
	public Set<Long> fetchRawAll(String folder, List<Long> uids, RawMessageSink sink) {
		return this.delegate.fetchRawAll(folder, uids, sink);
	}

	@Override
	public void appendAll(String folder, List<AppendRequest> messages, AppendOutcomes outcomes) {
		this.delegate.appendAll(folder, messages, outcomes);
	}

	@Override
	public void replaceFlags(String folder, Collection<Long> uids, Set<String> flags) {
		this.delegate.replaceFlags(folder, uids, flags);
	}

	@Override
	public OptionalLong appendLimit() {
		return this.delegate.appendLimit();
	}

	@Override
	public Optional<StorageQuota> storageQuota() {
		return this.delegate.storageQuota();
	}

	@Override
	public boolean isConnected() {
		return this.delegate.isConnected();
	}

	/** Frees the slot even when closing the connection fails: the connection is gone either way. */
	@Override
	public void close() {
		try {
			this.delegate.close();
		}
		finally {
			this.slot.close();
		}
	}

}
