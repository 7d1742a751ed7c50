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

	/** CREATE the folder (parents as the server needs); no error when it already exists. */
	void createFolder(String folder);

	void subscribe(String folder);

	/**
	 * UID FETCH {@code fromUid:toUid} (UID FLAGS INTERNALDATE RFC822.SIZE), ascending by UID, only UIDs
	 * within the range ({@code n:*} with n above the highest UID returns nothing here).
	 * @param toUid last UID, or {@link Long#MAX_VALUE} for {@code *}
	 */
	List<MessageSummary> listMessages(String folder, long fromUid, long toUid);

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
