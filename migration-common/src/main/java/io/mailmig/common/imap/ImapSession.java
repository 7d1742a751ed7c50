package io.mailmig.common.imap;

import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One authenticated IMAP connection. One command is in flight at a time: parallelism comes from
 * several sessions. Every method throws a subclass of {@link ImapException} as classified by
 * {@link ImapFailures}. Folder names are wire names (modified UTF-7, server separator).
 */
public interface ImapSession extends AutoCloseable {

	/** Capabilities after login, upper-case (e.g. {@code UIDPLUS}, {@code SPECIAL-USE}). */
	Set<String> capabilities();

	default boolean hasCapability(String capability) {
		return capabilities().contains(capability.toUpperCase(java.util.Locale.ROOT));
	}

	/** The hierarchy delimiter of the personal namespace, or {@code 0} for a flat namespace. */
	char separator();

	/** Every mailbox (LIST "" "*") with its attributes and whether it is subscribed. */
	List<MailFolder> listFolders();

	/** STATUS (MESSAGES UIDNEXT UIDVALIDITY [HIGHESTMODSEQ]). */
	FolderStatus status(String folder);

	/**
	 * STATUS of several folders in one round trip where the server allows pipelining. A folder whose
	 * STATUS failed is left out: ask {@link #status(String)} for it to learn why.
	 */
	default java.util.Map<String, FolderStatus> statusAll(List<String> folders) {
		java.util.Map<String, FolderStatus> statuses = new java.util.LinkedHashMap<>();
		for (String folder : folders) {
			try {
				statuses.put(folder, status(folder));
			}
			catch (FolderImapException ex) {
				// left out
			}
		}
		return statuses;
	}

	/** CREATE the folder (parents as the server needs); no error when it already exists. */
	void createFolder(String folder);

	void subscribe(String folder);

	/**
	 * CREATE (existing folders are fine) or SUBSCRIBE several folders, in order, in one round trip where
	 * the server allows pipelining.
	 * @return the folders the server refused: ask {@link #createFolder} or {@link #subscribe} for each to
	 * learn why
	 */
	default java.util.Set<String> createAndSubscribe(List<String> create, List<String> subscribe) {
		java.util.Set<String> refused = new java.util.LinkedHashSet<>();
		for (String folder : create) {
			try {
				createFolder(folder);
			}
			catch (FolderImapException ex) {
				refused.add(folder);
			}
		}
		for (String folder : subscribe) {
			try {
				subscribe(folder);
			}
			catch (FolderImapException ex) {
				refused.add(folder);
			}
		}
		return refused;
	}

	/**
	 * UID FETCH {@code fromUid:toUid} (UID FLAGS INTERNALDATE RFC822.SIZE), ascending by UID, only UIDs
	 * within the range ({@code n:*} with n above the highest UID returns nothing here).
	 * @param toUid last UID, or {@link Long#MAX_VALUE} for {@code *}
	 */
	List<MessageSummary> listMessages(String folder, long fromUid, long toUid);

	/**
	 * {@link #listMessages}, once the folder is known to still have {@code uidValidity}: in one round trip
	 * where the server allows pipelining (EXAMINE, whose reply tells the UIDVALIDITY, and the UID FETCH).
	 * @throws FolderImapException {@code UIDVALIDITY_CHANGED} if the folder has another UIDVALIDITY: its
	 * UIDs no longer name the messages they named
	 */
	default List<MessageSummary> listMessagesIfValid(String folder, long uidValidity, long fromUid, long toUid) {
		FolderStatus status = status(folder);
		if (status.uidValidity() != uidValidity) {
			throw FolderImapException.uidValidityChanged(folder, uidValidity, status.uidValidity());
		}
		return listMessages(folder, fromUid, toUid);
	}

	/**
	 * Every message of several folders ({@link #listMessages} of {@code 1:*} for each), in one round trip
	 * where the server allows pipelining. A folder that could not be listed is left out: ask
	 * {@link #listMessages} for it to learn why.
	 */
	default java.util.Map<String, List<MessageSummary>> listMessagesAll(List<String> folders) {
		java.util.Map<String, List<MessageSummary>> listed = new java.util.LinkedHashMap<>();
		for (String folder : folders) {
			try {
				listed.put(folder, listMessages(folder, 1, Long.MAX_VALUE));
			}
			catch (FolderImapException ex) {
				// left out
			}
		}
		return listed;
	}

	/** UIDs of messages whose INTERNALDATE is on or after the day of {@code since} (UID SEARCH SINCE). */
	List<Long> searchSince(String folder, Instant since);

	/**
	 * Streams the raw message (BODY.PEEK[], so \Seen is not set) into {@code sink}. Large messages are
	 * fetched in bounded partial ranges so no more than one range is in memory at a time.
	 * @return the number of bytes written
	 * @throws MessageImapException with {@code EXPUNGED_AT_SOURCE} when the UID no longer exists
	 */
	long fetchRaw(String folder, long uid, OutputStream sink);

	/**
	 * Streams the raw message like {@link #fetchRaw(String, long, OutputStream)}, each range to
	 * {@code sink} as the session read it: the session neither reuses nor changes those bytes, so the sink
	 * may keep them instead of copying them.
	 * @return the number of bytes delivered
	 * @throws MessageImapException with {@code EXPUNGED_AT_SOURCE} when the UID no longer exists
	 */
	default long fetchRawRanges(String folder, long uid, RangeSink sink) {
		return fetchRaw(folder, uid, new OutputStream() {

			@Override
			public void write(int b) {
				sink.accept(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] b, int off, int len) {
				sink.accept(java.util.Arrays.copyOfRange(b, off, off + len), 0, len);
			}

		});
	}

	/**
	 * The SHA-256 of a message's raw bytes, streamed (never held whole).
	 * @throws MessageImapException with {@code EXPUNGED_AT_SOURCE} when the UID no longer exists
	 */
	default byte[] sha256(String folder, long uid) {
		java.security.MessageDigest digest;
		try {
			digest = java.security.MessageDigest.getInstance("SHA-256");
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		fetchRaw(folder, uid, new java.security.DigestOutputStream(OutputStream.nullOutputStream(), digest));
		return digest.digest();
	}

	/**
	 * Fetches several whole messages ({@code BODY.PEEK[]}) in one {@code UID FETCH}: one round trip for
	 * all of them. Meant for small messages: every message is held in memory while the reply is read, so
	 * the caller bounds their total size. Each message found is handed to {@code sink}.
	 * @return the UIDs that no longer exist (RFC 3501 §6.4.8: no data is returned for them)
	 */
	default java.util.Set<Long> fetchRawAll(String folder, List<Long> uids, RawMessageSink sink) {
		java.util.Set<Long> missing = new java.util.HashSet<>();
		for (long uid : uids) {
			java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
			try {
				fetchRaw(folder, uid, bytes);
			}
			catch (MessageImapException ex) {
				missing.add(uid);
				continue;
			}
			sink.accept(uid, bytes.toByteArray(), 0, bytes.size());
		}
		return missing;
	}

	/**
	 * APPENDs several messages to one folder, in order. A server with LITERAL+ (RFC 7888) and UIDPLUS
	 * (RFC 4315) gets them pipelined: every command is written before the replies are read, so the batch
	 * costs one round trip instead of one per message. Each outcome goes to {@code outcomes} as it becomes
	 * known, in order.
	 * <p>
	 * A message the server refuses on its own (too big, over quota…) is an outcome, not an exception. A
	 * folder or mailbox refusal is thrown once every reply was read. When the connection fails, the
	 * messages without an outcome may or may not be stored, and a {@link TransientImapException} is thrown.
	 */
	default void appendAll(String folder, List<AppendRequest> messages, AppendOutcomes outcomes) {
		for (int i = 0; i < messages.size(); i++) {
			OptionalLong uid;
			try {
				uid = append(folder, messages.get(i));
			}
			catch (MessageImapException ex) {
				outcomes.refused(i, ex);
				continue;
			}
			outcomes.appended(i, uid);
		}
	}

	/**
	 * Receives a message fetched by {@link #fetchRawAll}. The bytes belong to that message: the session
	 * neither reuses nor changes them afterwards, so the sink may keep them instead of copying them.
	 */
	@FunctionalInterface
	interface RawMessageSink {

		void accept(long uid, byte[] bytes, int offset, int length);

	}

	/**
	 * Receives the consecutive ranges of one message fetched by {@link #fetchRawRanges}, in order. The
	 * bytes belong to the sink.
	 */
	@FunctionalInterface
	interface RangeSink {

		void accept(byte[] bytes, int offset, int length);

	}

	/** Receives the outcome of each message of {@link #appendAll}, by its index in the list. */
	interface AppendOutcomes {

		/** Stored; with the new UID when the server reports APPENDUID. */
		void appended(int index, OptionalLong uid);

		/** Refused for a reason that concerns this message only. */
		void refused(int index, MessageImapException failure);

	}

	/**
	 * APPEND one message with its flags, keywords and INTERNALDATE.
	 * @return the new UID when the server reports APPENDUID (RFC 4315 §3), else empty
	 */
	OptionalLong append(String folder, AppendRequest message);

	/**
	 * Replaces the flags and keywords of these messages ({@code UID STORE … FLAGS.SILENT}, RFC 3501
	 * §6.4.6) in one command; {@code \Recent} and flags the server cannot set are left out.
	 */
	void replaceFlags(String folder, java.util.Collection<Long> uids, Set<String> flags);

	/** The APPENDLIMIT the server announces for all mailboxes (RFC 7889), if any. */
	OptionalLong appendLimit();

	/**
	 * The storage quota of INBOX's quota root (GETQUOTAROOT, RFC 2087 §4.3), if the server has the
	 * QUOTA capability and a storage limit for it.
	 */
	default Optional<StorageQuota> storageQuota() {
		return Optional.empty();
	}

	boolean isConnected();

	@Override
	void close();

}
