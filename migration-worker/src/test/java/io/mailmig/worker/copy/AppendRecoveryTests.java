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

	@Test
	void orphanShouldBeClaimedOnceSoIdenticalMessagesStayTwoWhenOnlyOneWasStored() {
		// given one copy of A stored at or above the watermark by an APPEND whose reply was lost
		Destination destination = new Destination().with(5, A);
		AppendRecovery recovery = new AppendRecovery("INBOX", 5);

		// when two identical source messages A are to be copied
		OptionalLong first = recovery.claim(destination, A.length, sha256(A));
		OptionalLong second = recovery.claim(destination, A.length, sha256(A));

		// then the first takes the stored copy, the second must be appended
		assertThat(first).hasValue(5);
		assertThat(second).isEmpty();
	}

	@Test
	void messagesBelowTheWatermarkShouldNeverBeClaimed() {
		// given A below the watermark: committed in the ledger already, for another source message
		Destination destination = new Destination().with(3, A);
		AppendRecovery recovery = new AppendRecovery("INBOX", 4);

		// then
		assertThat(recovery.claim(destination, A.length, sha256(A))).isEmpty();
	}

	@Test
	void ownAppendsShouldNotBecomeOrphansWhenTheConnectionIsLostLater() {
		// given this partition appended A as UID 5, then lost a connection
		Destination destination = new Destination().with(5, A);
		AppendRecovery recovery = new AppendRecovery("INBOX", 5);
		recovery.claim(destination, B.length, sha256(B)); // first scan: orphan 5 seen, not claimed by B
		recovery.appended(5);
		recovery.outcomeLost();

		// when an identical A comes next
		OptionalLong claimed = recovery.claim(destination, A.length, sha256(A));

		// then the partition's own copy is not taken for it
		assertThat(claimed).isEmpty();
	}

	@Test
	void onlyOrphansOfTheSameSizeShouldBeRead() {
		// given
		Destination destination = new Destination().with(5, "Subject: x\r\n\r\nmuch longer body here\r\n".getBytes());
		AppendRecovery recovery = new AppendRecovery("INBOX", 1);

		// when
		recovery.claim(destination, A.length, sha256(A));

		// then no message was fetched to compare digests
		assertThat(destination.fetches).isZero();
	}

	@Test
	void nextWatermarkShouldFollowTheHighestKnownUid() {
		AppendRecovery recovery = new AppendRecovery("INBOX", 10);
		assertThat(recovery.nextWatermark()).isEmpty();
		recovery.appended(12);
		recovery.appended(11);
		assertThat(recovery.nextWatermark()).hasValue(13);
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
