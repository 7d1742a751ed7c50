package io.mailmig.worker.copy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import io.mailmig.common.imap.AppendRequest;
import io.mailmig.common.imap.FolderStatus;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MailFolder;
import io.mailmig.common.imap.MessageSummary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules that keep a lost APPEND from becoming a duplicate or a loss. */
class AppendRecoveryTests {

	static final byte[] A = "Subject: a\r\n\r\nsame bytes\r\n".getBytes(StandardCharsets.US_ASCII);

	static final byte[] B = "Subject: b\r\n\r\nother byte\r\n".getBytes(StandardCharsets.US_ASCII);

	static final Object PARTITION = "partition 1";

	static final Object SIBLING = "partition 2";

	@Test
	void orphanShouldBeClaimedOnceSoIdenticalMessagesStayTwoWhenOnlyOneWasStored() {
		// given one copy of A stored at or above the watermark by an APPEND whose reply was lost
		Destination destination = new Destination().with(5, A);
		AppendRecovery recovery = recovery(5);

		// when two identical source messages A are to be copied
		OptionalLong first = claim(recovery, destination, A, PARTITION);
		OptionalLong second = claim(recovery, destination, A, PARTITION);

		// then the first takes the stored copy, the second must be appended
		assertThat(first).hasValue(5);
		assertThat(second).isEmpty();
	}

	@Test
	void orphanShouldBeClaimedByOnePartitionOnlyWhenSiblingsCopyIdenticalMessages() {
		// given one stored copy of A, and two partitions of the same folder each holding a message A
		Destination destination = new Destination().with(5, A);
		AppendRecovery recovery = recovery(5);

		// when both look for it
		OptionalLong first = claim(recovery, destination, A, PARTITION);
		OptionalLong second = claim(recovery, destination, A, SIBLING);

		// then one copy serves one message: the other is appended
		assertThat(first).hasValue(5);
		assertThat(second).isEmpty();
	}

	@Test
	void messagesBelowTheWatermarkShouldNeverBeClaimed() {
		// given A below the watermark: committed in the ledger already, for another source message
		Destination destination = new Destination().with(3, A);
		AppendRecovery recovery = recovery(4);

		// then
		assertThat(claim(recovery, destination, A, PARTITION)).isEmpty();
	}

	@Test
	void messagesTheLedgerHoldsShouldNeverBeClaimedWhenAboveTheWatermark() {
		// given A at UID 7, above the watermark but committed by a sibling range
		Destination destination = new Destination().with(7, A);
		AppendRecovery recovery = new AppendRecovery("INBOX", 5, from -> Set.of(7L));

		// then
		assertThat(claim(recovery, destination, A, PARTITION)).isEmpty();
	}

	@Test
	void ownAppendsShouldNotBecomeOrphansWhenTheConnectionIsLostLater() {
		// given this partition appended A as UID 5, then lost a connection
		Destination destination = new Destination().with(5, A);
		AppendRecovery recovery = recovery(5);
		claim(recovery, destination, B, PARTITION); // first scan: orphan 5 seen, not claimed by B
		recovery.appended(5, PARTITION);
		recovery.outcomeLost();

		// when an identical A comes next, from this partition or a sibling
		OptionalLong claimed = claim(recovery, destination, A, PARTITION);
		OptionalLong bySibling = claim(recovery, destination, A, SIBLING);

		// then the copy already known is not taken for it
		assertThat(claimed).isEmpty();
		assertThat(bySibling).isEmpty();
	}

	@Test
	void onlyOrphansOfTheSameSizeShouldBeRead() {
		// given
		Destination destination = new Destination().with(5, "Subject: x\r\n\r\nmuch longer body here\r\n".getBytes());
		AppendRecovery recovery = recovery(1);

		// when
		claim(recovery, destination, A, PARTITION);

		// then no message was fetched to compare digests
		assertThat(destination.fetches).isZero();
	}

	@Test
	void nextWatermarkShouldFollowTheHighestKnownUid() {
		AppendRecovery recovery = recovery(10);
		assertThat(recovery.nextWatermark(PARTITION)).isEmpty();
		recovery.appended(12, PARTITION);
		recovery.appended(11, PARTITION);
		assertThat(recovery.nextWatermark(PARTITION)).hasValue(13);
	}

	@Test
	void nextWatermarkShouldStayBelowWhatASiblingHasNotCommittedWhenRangesAppendSideBySide() {
		// given a sibling appended UID 11 and has not committed; this partition appended 12 and 13
		AppendRecovery recovery = recovery(10);
		recovery.appended(11, SIBLING);
		recovery.appended(12, PARTITION);
		recovery.appended(13, PARTITION);

		// when / then: committing 14 would hide the sibling's 11 under the watermark after a crash
		assertThat(recovery.nextWatermark(PARTITION)).hasValue(11);
		recovery.committed(PARTITION, 11);

		// once the sibling committed, the watermark may pass everything
		assertThat(recovery.nextWatermark(SIBLING)).hasValue(14);
		recovery.committed(SIBLING, 14);
		assertThat(recovery.nextWatermark(PARTITION)).isEmpty();
	}

	@Test
	void nextWatermarkShouldStayBelowWhatASiblingMayBeAppendingWhenItsRepliesAreNotReadYet() {
		// given this partition appended 11; then a sibling writes its APPENDs, and while their replies are
		// unread this partition learns that its next message is 13: the server stored the sibling's as 12
		AppendRecovery recovery = recovery(10);
		recovery.appended(11, PARTITION);
		java.util.concurrent.atomic.AtomicReference<OptionalLong> duringSiblingPipeline = new java.util.concurrent.atomic.AtomicReference<>();

		// when this partition commits while the sibling's pipeline is in flight
		recovery.appending(new Destination(), false, SIBLING, () -> {
			recovery.appended(13, PARTITION);
			duringSiblingPipeline.set(recovery.nextWatermark(PARTITION));
			return null;
		});

		// then the watermark stops at 12: the sibling's message stays above it, so a lost reply finds it
		assertThat(duringSiblingPipeline.get()).hasValue(12);
	}

	@Test
	void nextWatermarkShouldStayBelowASiblingsLostAppendsUntilItsRetrySucceeds() {
		// given a sibling's pipeline failed (connection lost): the server may hold its messages from 12 on
		AppendRecovery recovery = recovery(10);
		recovery.appended(11, PARTITION);
		try {
			recovery.appending(new Destination(), false, SIBLING, () -> {
				throw new io.mailmig.common.imap.TransientImapException("connection lost", null);
			});
		}
		catch (io.mailmig.common.imap.TransientImapException expected) {
			// the sibling retries later
		}

		// when this partition appends more and commits
		recovery.appended(13, PARTITION);

		// then the watermark does not pass the sibling's unknown messages
		assertThat(recovery.nextWatermark(PARTITION)).hasValue(12);

		// and once the sibling's retry went through, it may
		recovery.appending(new Destination(), false, SIBLING, () -> null);
		assertThat(recovery.nextWatermark(PARTITION)).hasValue(14);
	}

	private static AppendRecovery recovery(long watermark) {
		return new AppendRecovery("INBOX", watermark, from -> Set.of());
	}

	private static OptionalLong claim(AppendRecovery recovery, Destination destination, byte[] message, Object owner) {
		return recovery.appending(destination, false, owner,
				() -> recovery.claim(destination, message.length, sha256(message), owner));
	}

	static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An in-memory destination folder: enough of a session for recovery. */
	static final class Destination implements ImapSession {

		final Map<Long, byte[]> messages = new TreeMap<>();

		int fetches;

		Destination with(long uid, byte[] message) {
			this.messages.put(uid, message);
			return this;
		}

		@Override
		public List<MessageSummary> listMessages(String folder, long fromUid, long toUid) {
			List<MessageSummary> list = new ArrayList<>();
			this.messages.forEach((uid, m) -> {
				if (uid >= fromUid && uid <= toUid) {
					list.add(new MessageSummary(uid, m.length, Set.of(), Instant.EPOCH));
				}
			});
			return list;
		}

		@Override
		public long fetchRaw(String folder, long uid, OutputStream sink) {
			this.fetches++;
			try {
				sink.write(this.messages.get(uid));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return this.messages.get(uid).length;
		}

		@Override
		public Set<String> capabilities() {
			return Set.of("IMAP4REV1", "UIDPLUS");
		}

		@Override
		public char separator() {
			return '/';
		}

		@Override
		public List<MailFolder> listFolders() {
			throw new UnsupportedOperationException();
		}

		@Override
		public FolderStatus status(String folder) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void createFolder(String folder) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void subscribe(String folder) {
			throw new UnsupportedOperationException();
		}

		@Override
		public List<Long> searchSince(String folder, Instant since) {
			throw new UnsupportedOperationException();
		}

		@Override
		public OptionalLong append(String folder, AppendRequest message) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void replaceFlags(String folder, java.util.Collection<Long> uids, Set<String> flags) {
			throw new UnsupportedOperationException();
		}

		@Override
		public OptionalLong appendLimit() {
			return OptionalLong.empty();
		}

		@Override
		public boolean isConnected() {
			return true;
		}

		@Override
		public void close() {
		}

	}

}
