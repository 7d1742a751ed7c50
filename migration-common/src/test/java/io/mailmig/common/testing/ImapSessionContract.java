package io.mailmig.common.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import io.mailmig.common.event.SkipReason;
import io.mailmig.common.imap.AngusImapConnector;
import io.mailmig.common.imap.AppendRequest;
import io.mailmig.common.imap.FolderImapException;
import io.mailmig.common.imap.FolderStatus;
import io.mailmig.common.imap.ImapConnector;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.ImapTimeouts;
import io.mailmig.common.imap.MailFolder;
import io.mailmig.common.imap.MailboxImapException;
import io.mailmig.common.imap.MessageImapException;
import io.mailmig.common.imap.MessageSummary;
import io.mailmig.common.imap.TransientImapException;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.Security;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every IMAP server kind must do through {@link AngusImapConnector} (in the style of james's
 * {@code *Contract} interfaces): implement the three accessors and run the default tests against a
 * real server. Cases a server kind cannot support go to that kind's own test class, never skipped here.
 * Each test works in its own new folder, so tests share one server and one user.
 */
public interface ImapSessionContract {

	ImapTimeouts TIMEOUTS = new ImapTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30));

	/** The plain (Security.NONE) endpoint of the server under test. */
	ImapEndpoint endpoint();

	/** A user of the server under test. */
	Credentials credentials();

	/** The hierarchy separator the server under test was configured with. */
	char expectedSeparator();

	default ImapConnector connector() {
		return new AngusImapConnector(TIMEOUTS);
	}

	default ImapSession open() {
		return connector().open(endpoint(), credentials());
	}

	/** A new folder with a name no other test uses. */
	default String newFolder(ImapSession session) {
		String folder = "Contract-" + UUID.randomUUID().toString().substring(0, 8);
		session.createFolder(folder);
		return folder;
	}

	default long appendSmall(ImapSession session, String folder, String subject, Set<String> flags) {
		return session
			.append(folder, new AppendRequest(flags, Instant.now(), TestMessages.content(TestMessages.small(subject))))
			.orElseThrow();
	}

	@Test
	default void capabilitiesShouldIncludeImap4rev1AndUidplusWhenLoggedIn() {
		// given
		try (ImapSession session = open()) {
			// when
			Set<String> capabilities = session.capabilities();

			// then
			assertThat(capabilities).contains("IMAP4REV1", "UIDPLUS");
			assertThat(session.hasCapability("uidplus")).isTrue();
		}
	}

	@Test
	default void separatorShouldBeTheServerHierarchyDelimiterWhenAsked() {
		// given
		try (ImapSession session = open()) {
			// when
			char separator = session.separator();

			// then
			assertThat(separator).isEqualTo(expectedSeparator());
		}
	}

	@Test
	default void listFoldersShouldShowInboxAndNestedFoldersWhenCreated() {
		// given
		try (ImapSession session = open()) {
			String parent = newFolder(session);
			String child = parent + expectedSeparator() + "Child";
			session.createFolder(child);

			// when
			List<MailFolder> folders = session.listFolders();

			// then
			assertThat(folders).filteredOn(MailFolder::isInbox).singleElement().satisfies(inbox -> {
				assertThat(inbox.selectable()).isTrue();
			});
			assertThat(folders).filteredOn(f -> f.name().equals(child)).singleElement().satisfies(folder -> {
				assertThat(folder.separator()).isEqualTo(expectedSeparator());
				assertThat(folder.selectable()).isTrue();
			});
			assertThat(folders).extracting(MailFolder::name).contains(parent);
		}
	}

	@Test
	default void createFolderShouldSucceedWhenFolderAlreadyExists() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);

			// when
			session.createFolder(folder);

			// then
			assertThat(session.listFolders()).extracting(MailFolder::name).containsOnlyOnce(folder);
		}
	}

	@Test
	default void subscribeShouldMarkFolderSubscribedWhenListed() {
		// given
		try (ImapSession session = open()) {
			String subscribed = newFolder(session);
			String unsubscribed = newFolder(session);

			// when
			session.subscribe(subscribed);
			session.subscribe(subscribed);

			// then
			List<MailFolder> folders = session.listFolders();
			assertThat(folders).filteredOn(f -> f.name().equals(subscribed)).singleElement()
				.extracting(MailFolder::subscribed).isEqualTo(true);
			assertThat(folders).filteredOn(f -> f.name().equals(unsubscribed)).singleElement()
				.extracting(MailFolder::subscribed).isEqualTo(false);
		}
	}

	@Test
	default void createAndSubscribeShouldCreateNewAndExistingFoldersAndSubscribeThemWhenAskedTogether() {
		// given one folder that exists already and two new ones
		try (ImapSession session = open()) {
			String existing = newFolder(session);
			String first = "Together-" + UUID.randomUUID().toString().substring(0, 8);
			String second = "Together-" + UUID.randomUUID().toString().substring(0, 8);

			// when
			Set<String> refused = session.createAndSubscribe(List.of(existing, first, second), List.of(existing, second));

			// then
			assertThat(refused).isEmpty();
			List<MailFolder> folders = session.listFolders();
			assertThat(folders).extracting(MailFolder::name).containsOnlyOnce(existing, first, second);
			assertThat(folders).filteredOn(MailFolder::subscribed)
				.extracting(MailFolder::name)
				.contains(existing, second)
				.doesNotContain(first);
			assertThat(session.isConnected()).isTrue();
		}
	}

	@Test
	default void statusShouldCountMessagesAndAdvanceUidNextWhenMessagesAppended() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			FolderStatus before = session.status(folder);

			// when
			long first = appendSmall(session, folder, "one", Set.of());
			long second = appendSmall(session, folder, "two", Set.of());

			// then
			FolderStatus after = session.status(folder);
			assertThat(before.messages()).isZero();
			assertThat(after.messages()).isEqualTo(2);
			assertThat(after.uidValidity()).isEqualTo(before.uidValidity()).isPositive();
			assertThat(after.uidNext()).isGreaterThan(second);
			assertThat(second).isGreaterThan(first);
		}
	}

	@Test
	default void statusAllShouldEqualStatusOfEachFolderAndLeaveOutMissingOnesWhenAskedTogether() {
		// given two folders with different contents, and one that does not exist
		try (ImapSession session = open()) {
			String first = newFolder(session);
			String second = newFolder(session);
			appendSmall(session, first, "one", Set.of());
			appendSmall(session, second, "two", Set.of());
			appendSmall(session, second, "three", Set.of());
			String missing = "Missing-" + UUID.randomUUID().toString().substring(0, 8);

			// when
			java.util.Map<String, FolderStatus> statuses = session.statusAll(List.of(first, missing, second));

			// then
			assertThat(statuses).containsOnlyKeys(first, second);
			assertThat(statuses.get(first)).isEqualTo(session.status(first));
			assertThat(statuses.get(second)).isEqualTo(session.status(second));
			assertThat(statuses.get(second).messages()).isEqualTo(2);
			if (session.hasCapability("STATUS=SIZE")) {
				assertThat(statuses.get(second).size()).isEqualTo(session.listMessages(second, 1, Long.MAX_VALUE)
					.stream()
					.mapToLong(MessageSummary::size)
					.sum());
			}
			assertThat(session.isConnected()).isTrue();
		}
	}

	@Test
	default void statusShouldFailWithNonexistentFolderWhenFolderMissing() {
		// given
		try (ImapSession session = open()) {
			// when / then
			assertThatThrownBy(() -> session.status("Missing-" + UUID.randomUUID()))
				.isInstanceOfSatisfying(FolderImapException.class,
						ex -> assertThat(ex.reason()).isEqualTo(FolderImapException.Reason.NONEXISTENT));
			assertThat(session.isConnected()).isTrue();
		}
	}

	@Test
	default void appendShouldKeepBytesFlagsAndInternalDateWhenFetchedBack() {
		// given
		byte[] message = TestMessages.small("round trip");
		Instant internalDate = Instant.parse("1994-03-15T08:30:45Z");
		Set<String> flags = Set.of("\\Seen", "\\Flagged", "\\Answered", "$Forwarded", "Work");
		try (ImapSession session = open()) {
			String folder = newFolder(session);

			// when
			OptionalLong uid = session.append(folder,
					new AppendRequest(flags, internalDate, TestMessages.content(message)));

			// then
			assertThat(uid).isPresent();
			ByteArrayOutputStream fetched = new ByteArrayOutputStream();
			assertThat(session.fetchRaw(folder, uid.getAsLong(), fetched)).isEqualTo(message.length);
			assertThat(fetched.toByteArray()).isEqualTo(message);
			assertThat(session.listMessages(folder, 1, Long.MAX_VALUE)).singleElement().satisfies(summary -> {
				assertThat(summary.uid()).isEqualTo(uid.getAsLong());
				assertThat(summary.flags()).containsExactlyInAnyOrderElementsOf(flags);
				assertThat(summary.internalDate()).isEqualTo(internalDate);
				assertThat(summary.size()).isEqualTo(message.length);
			});
		}
	}

	@Test
	default void appendShouldFailWithNonexistentFolderWhenFolderIsMissing() {
		// given
		String missing = "Missing-" + UUID.randomUUID().toString().substring(0, 8);
		try (ImapSession session = open()) {
			// when / then: RFC 3501 §6.3.11, the server must not create it and says [TRYCREATE]
			assertThatThrownBy(() -> appendSmall(session, missing, "lost", Set.of()))
				.isInstanceOfSatisfying(FolderImapException.class, ex -> {
					assertThat(ex.reason()).isEqualTo(FolderImapException.Reason.NONEXISTENT);
					assertThat(ex.folder()).isEqualTo(missing);
				});
			assertThat(session.listFolders()).extracting(MailFolder::name).doesNotContain(missing);
		}
	}

	@Test
	default void replaceFlagsShouldSetExactlyTheGivenFlagsWhenMessagesAlreadyHaveOthers() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			long first = appendSmall(session, folder, "first", Set.of("\\Seen", "\\Draft"));
			long second = appendSmall(session, folder, "second", Set.of());
			long third = appendSmall(session, folder, "third", Set.of("\\Seen"));

			// when
			session.replaceFlags(folder, List.of(first, second), Set.of("\\Flagged", "$Forwarded"));
			session.replaceFlags(folder, List.of(third), Set.of());

			// then
			List<MessageSummary> messages = session.listMessages(folder, 1, Long.MAX_VALUE);
			assertThat(messages).extracting(MessageSummary::flags)
				.containsExactly(Set.of("\\Flagged", "$Forwarded"), Set.of("\\Flagged", "$Forwarded"), Set.of());
		}
	}

	@Test
	default void listMessagesShouldIgnoreTheHighestMessageWhenRangeStartsAboveIt() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			long last = appendSmall(session, folder, "only", Set.of());

			// when: RFC 3501 §6.4.8, "n:*" answers the highest UID even when it is below n
			List<MessageSummary> above = session.listMessages(folder, last + 1, Long.MAX_VALUE);

			// then
			assertThat(above).isEmpty();
		}
	}

	@Test
	default void listMessagesShouldReturnOnlyTheRangeInUidOrderWhenBounded() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			long first = appendSmall(session, folder, "a", Set.of());
			long second = appendSmall(session, folder, "b", Set.of("\\Draft"));
			long third = appendSmall(session, folder, "c", Set.of());
			appendSmall(session, folder, "d", Set.of());

			// when
			List<MessageSummary> middle = session.listMessages(folder, second, third);

			// then
			assertThat(middle).extracting(MessageSummary::uid).containsExactly(second, third);
			assertThat(middle.get(0).flags()).containsExactly("\\Draft");
			assertThat(session.listMessages(folder, first, first)).extracting(MessageSummary::uid).containsExactly(first);
		}
	}

	@Test
	default void listMessagesIfValidShouldListTheRangeWhenTheUidValidityIsTheOneExpected() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			long first = appendSmall(session, folder, "a", Set.of());
			long second = appendSmall(session, folder, "b", Set.of("\\Flagged"));
			appendSmall(session, folder, "c", Set.of());
			long uidValidity = session.status(folder).uidValidity();

			// when
			List<MessageSummary> listed = session.listMessagesIfValid(folder, uidValidity, first, second);

			// then
			assertThat(listed).isEqualTo(session.listMessages(folder, first, second));
			assertThat(listed).extracting(MessageSummary::uid).containsExactly(first, second);
			assertThat(listed.get(1).flags()).containsExactly("\\Flagged");
		}
	}

	@Test
	default void listMessagesIfValidShouldFailWithUidValidityChangedWhenTheFolderHasAnother() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			appendSmall(session, folder, "a", Set.of());
			long uidValidity = session.status(folder).uidValidity();

			// when / then: the UIDs known before name other messages now; the session stays usable
			assertThatThrownBy(() -> session.listMessagesIfValid(folder, uidValidity + 1, 1, Long.MAX_VALUE))
				.isInstanceOfSatisfying(FolderImapException.class,
						ex -> assertThat(ex.reason()).isEqualTo(FolderImapException.Reason.UIDVALIDITY_CHANGED))
				.hasMessageContaining(String.valueOf(uidValidity));
			assertThat(session.listMessages(folder, 1, Long.MAX_VALUE)).hasSize(1);
		}
	}

	@Test
	default void listMessagesIfValidAndFetchRawAllShouldFailWithNonexistentFolderWhenFolderMissing() {
		// given
		try (ImapSession session = open()) {
			String missing = "Missing-" + UUID.randomUUID();

			// when / then
			assertThatThrownBy(() -> session.listMessagesIfValid(missing, 1, 1, Long.MAX_VALUE))
				.isInstanceOfSatisfying(FolderImapException.class,
						ex -> assertThat(ex.reason()).isEqualTo(FolderImapException.Reason.NONEXISTENT));
			assertThatThrownBy(() -> session.fetchRawAll(missing, List.of(1L, 2L), (uid, bytes, offset, length) -> {
			})).isInstanceOfSatisfying(FolderImapException.class,
					ex -> assertThat(ex.reason()).isEqualTo(FolderImapException.Reason.NONEXISTENT));
			assertThat(session.isConnected()).isTrue();
		}
	}

	@Test
	default void fetchRawShouldNotMarkMessageSeenWhenFetched() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			long uid = appendSmall(session, folder, "unread", Set.of());

			// when
			session.fetchRaw(folder, uid, new ByteArrayOutputStream());

			// then
			assertThat(session.listMessages(folder, uid, uid)).singleElement()
				.satisfies(summary -> assertThat(summary.flags()).doesNotContain("\\Seen"));
		}
	}

	@Test
	default void fetchRawShouldReturnLargeMessageByteIdenticalWhenLargerThanOneRange() {
		// given: a little over the 8 MB fetched in one round trip
		byte[] message = TestMessages.ofSize("large", AngusImapConnector.DEFAULT_RANGE_SIZE + 1_000_003);
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			long uid = session.append(folder, new AppendRequest(Set.of(), Instant.now(), TestMessages.content(message)))
				.orElseThrow();

			// when
			ByteArrayOutputStream fetched = new ByteArrayOutputStream(message.length);
			long size = session.fetchRaw(folder, uid, fetched);

			// then
			assertThat(size).isEqualTo(message.length);
			assertThat(fetched.toByteArray()).isEqualTo(message);
		}
	}

	@Test
	default void fetchRawShouldReturnMessageByteIdenticalWhenSizeIsAMultipleOfTheRange() {
		// given
		int range = 1024;
		ImapConnector smallRanges = new AngusImapConnector(TIMEOUTS, range);
		try (ImapSession session = smallRanges.open(endpoint(), credentials())) {
			String folder = newFolder(session);
			for (int size : new int[] { range - 1, range, range + 1, 3 * range, 3 * range + 17 }) {
				byte[] message = TestMessages.ofSize("size " + size, size);
				long uid = session
					.append(folder, new AppendRequest(Set.of(), Instant.now(), TestMessages.content(message)))
					.orElseThrow();

				// when
				ByteArrayOutputStream fetched = new ByteArrayOutputStream();
				session.fetchRaw(folder, uid, fetched);

				// then
				assertThat(fetched.toByteArray()).as("message of %d bytes", size).isEqualTo(message);
			}
		}
	}

	@Test
	default void fetchRawRangesShouldHandOverTheExactBytesInRangesAndStayInStepAfterAnUnknownUid() {
		// given ranges of 1 KB
		int range = 1024;
		ImapConnector smallRanges = new AngusImapConnector(TIMEOUTS, range);
		try (ImapSession session = smallRanges.open(endpoint(), credentials())) {
			String folder = newFolder(session);
			for (int size : new int[] { range - 1, range, 3 * range, 100 * 1024 + 17 }) {
				byte[] message = TestMessages.ofSize("size " + size, size);
				long uid = session
					.append(folder, new AppendRequest(Set.of(), Instant.now(), TestMessages.content(message)))
					.orElseThrow();

				// when
				ByteArrayOutputStream fetched = new ByteArrayOutputStream();
				List<Integer> ranges = new ArrayList<>();
				long delivered = session.fetchRawRanges(folder, uid, (bytes, offset, length) -> {
					fetched.write(bytes, offset, length);
					ranges.add(length);
				});

				// then
				assertThat(fetched.toByteArray()).as("message of %d bytes", size).isEqualTo(message);
				assertThat(delivered).isEqualTo(size);
				assertThat(ranges).as("ranges of at most %d bytes", range).allMatch(length -> length <= range);
			}

			// and an unknown UID is a message gone, the session still in step with the server
			assertThatThrownBy(() -> session.fetchRawRanges(folder, 999_999, (bytes, offset, length) -> {
			})).isInstanceOfSatisfying(MessageImapException.class,
					ex -> assertThat(ex.reason()).isEqualTo(SkipReason.EXPUNGED_AT_SOURCE));
			assertThat(session.isConnected()).isTrue();
			byte[] after = TestMessages.ofSize("after", 5 * range);
			long uid = session.append(folder, new AppendRequest(Set.of(), Instant.now(), TestMessages.content(after)))
				.orElseThrow();
			ByteArrayOutputStream fetched = new ByteArrayOutputStream();
			session.fetchRawRanges(folder, uid, (bytes, offset, length) -> fetched.write(bytes, offset, length));
			assertThat(fetched.toByteArray()).isEqualTo(after);
		}
	}

	@Test
	default void fetchRawShouldFailWithExpungedAtSourceWhenUidUnknown() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			long uid = appendSmall(session, folder, "there", Set.of());

			// when / then
			assertThatThrownBy(() -> session.fetchRaw(folder, uid + 1000, new ByteArrayOutputStream()))
				.isInstanceOfSatisfying(MessageImapException.class,
						ex -> assertThat(ex.reason()).isEqualTo(SkipReason.EXPUNGED_AT_SOURCE));
			assertThat(session.isConnected()).isTrue();
		}
	}

	@Test
	default void fetchRawAllShouldReturnEveryMessageByteIdenticalAndReportExpungedWhenFetchedTogether() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			java.util.Map<Long, byte[]> stored = new java.util.LinkedHashMap<>();
			for (int i = 0; i < 5; i++) {
				byte[] message = TestMessages.ofSize("together " + i, 2_000 + i * 7_919);
				stored.put(session.append(folder, new AppendRequest(Set.of(), Instant.now(), TestMessages.content(message)))
					.orElseThrow(), message);
			}
			long unknown = java.util.Collections.max(stored.keySet()) + 1000;
			java.util.List<Long> asked = new java.util.ArrayList<>(stored.keySet());
			asked.add(unknown);
			// the sink keeps the bytes it is given, without copying them: the session must not reuse them
			java.util.Map<Long, java.nio.ByteBuffer> fetched = new java.util.HashMap<>();

			// when
			Set<Long> missing = session.fetchRawAll(folder, asked,
					(uid, bytes, offset, length) -> fetched.put(uid, java.nio.ByteBuffer.wrap(bytes, offset, length)));

			// then
			assertThat(missing).containsExactly(unknown);
			assertThat(fetched).containsOnlyKeys(stored.keySet());
			stored.forEach((uid, message) -> {
				java.nio.ByteBuffer kept = fetched.get(uid);
				byte[] bytes = new byte[kept.remaining()];
				kept.get(bytes);
				assertThat(bytes).as("UID %d, kept after the fetch", uid).isEqualTo(message);
			});
			assertThat(session.listMessages(folder, 1, Long.MAX_VALUE))
				.allSatisfy(m -> assertThat(m.flags()).doesNotContain("\\Seen"));
		}
	}

	@Test
	default void sessionShouldReadBackWhatItJustAppendedToTheFolderItHasOpen() {
		// given a folder the session has open (read from), then appends to, as the copy does before its
		// read-back
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			long first = appendSmall(session, folder, "first", Set.of());
			session.fetchRawAll(folder, List.of(first), (uid, bytes, offset, length) -> {
			});
			java.util.Map<Long, byte[]> appended = new java.util.LinkedHashMap<>();
			for (int i = 0; i < 3; i++) {
				byte[] message = TestMessages.ofSize("appended while open " + i, 3_000 + i);
				appended.put(session.append(folder, new AppendRequest(Set.of(), Instant.now(), TestMessages.content(message)))
					.orElseThrow(), message);
			}
			byte[] large = TestMessages.ofSize("large, appended while open", 50_000);
			long largeUid = session.append(folder, new AppendRequest(Set.of(), Instant.now(), TestMessages.content(large)))
				.orElseThrow();
			java.util.Map<Long, byte[]> read = new java.util.HashMap<>();

			// when
			Set<Long> missing = session.fetchRawAll(folder, List.copyOf(appended.keySet()),
					(uid, bytes, offset, length) -> read.put(uid, java.util.Arrays.copyOfRange(bytes, offset, offset + length)));
			ByteArrayOutputStream largeRead = new ByteArrayOutputStream();
			session.fetchRaw(folder, largeUid, largeRead);

			// then
			assertThat(missing).isEmpty();
			appended.forEach((uid, message) -> assertThat(read.get(uid)).as("UID %d", uid).isEqualTo(message));
			assertThat(largeRead.toByteArray()).isEqualTo(large);
			assertThat(session.isConnected()).isTrue();
		}
	}

	@Test
	default void listMessagesAllShouldEqualEachFolderListingAndLeaveOutMissingOnesWhenListedTogether() {
		// given two folders with different messages, and one that does not exist
		try (ImapSession session = open()) {
			String first = newFolder(session);
			String second = newFolder(session);
			appendSmall(session, first, "one", Set.of("\\Seen"));
			appendSmall(session, second, "two", Set.of());
			appendSmall(session, second, "three", Set.of("\\Flagged"));
			String missing = "Missing-" + UUID.randomUUID().toString().substring(0, 8);

			// when
			java.util.Map<String, List<MessageSummary>> listed = session.listMessagesAll(List.of(first, missing, second));

			// then
			assertThat(listed).containsOnlyKeys(first, second);
			assertThat(listed.get(first)).isEqualTo(session.listMessages(first, 1, Long.MAX_VALUE));
			assertThat(listed.get(second)).isEqualTo(session.listMessages(second, 1, Long.MAX_VALUE)).hasSize(2);
			assertThat(session.isConnected()).isTrue();
		}
	}

	@Test
	default void appendAllShouldStoreEveryMessageInOrderWithItsUidFlagsAndDateWhenAppendedTogether() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			java.util.List<AppendRequest> requests = new java.util.ArrayList<>();
			java.util.List<byte[]> messages = new java.util.ArrayList<>();
			for (int i = 0; i < 12; i++) {
				byte[] message = TestMessages.ofSize("pipelined " + i, 1_000 + i * 3_001);
				messages.add(message);
				requests.add(new AppendRequest(i % 2 == 0 ? Set.of("\\Seen") : Set.of("\\Flagged", "Work"),
						Instant.parse("2001-02-03T04:05:06Z").plusSeconds(i * 86_400L), TestMessages.content(message)));
			}
			long[] uids = new long[requests.size()];

			// when
			session.appendAll(folder, requests, new ImapSession.AppendOutcomes() {

				@Override
				public void appended(int index, OptionalLong uid) {
					uids[index] = uid.orElseThrow();
				}

				@Override
				public void refused(int index, MessageImapException failure) {
					throw new AssertionError("message " + index + " refused", failure);
				}

			});

			// then: in order, each where its UID says, byte-identical with its flags and INTERNALDATE
			assertThat(uids).isSorted().doesNotHaveDuplicates().doesNotContain(0L);
			java.util.List<io.mailmig.common.imap.MessageSummary> listed = session.listMessages(folder, 1, Long.MAX_VALUE);
			assertThat(listed).extracting(io.mailmig.common.imap.MessageSummary::uid)
				.containsExactly(java.util.Arrays.stream(uids).boxed().toArray(Long[]::new));
			for (int i = 0; i < uids.length; i++) {
				ByteArrayOutputStream fetched = new ByteArrayOutputStream();
				session.fetchRaw(folder, uids[i], fetched);
				assertThat(fetched.toByteArray()).as("message %d", i).isEqualTo(messages.get(i));
				assertThat(listed.get(i).flags()).containsExactlyInAnyOrderElementsOf(requests.get(i).flags());
				assertThat(listed.get(i).internalDate()).isEqualTo(requests.get(i).internalDate());
			}
			assertThat(session.isConnected()).isTrue();
		}
	}

	@Test
	default void searchSinceShouldReturnMessagesOnOrAfterTheDayWhenDatesDiffer() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			Instant old = Instant.parse("2001-06-01T12:00:00Z");
			Instant recent = Instant.parse("2020-06-01T12:00:00Z");
			session.append(folder, new AppendRequest(Set.of(), old, TestMessages.content(TestMessages.small("old"))));
			long recentUid = session
				.append(folder, new AppendRequest(Set.of(), recent, TestMessages.content(TestMessages.small("new"))))
				.orElseThrow();

			// when
			List<Long> since = session.searchSince(folder, Instant.parse("2010-01-01T00:00:00Z"));

			// then
			assertThat(since).containsExactly(recentUid);
		}
	}

	@Test
	default void openShouldFailWithAuthenticationWhenPasswordIsWrong() {
		// given
		Credentials wrong = new Credentials(credentials().user(), "not-" + credentials().password());

		// when / then
		assertThatThrownBy(() -> connector().open(endpoint(), wrong))
			.isInstanceOfSatisfying(MailboxImapException.class,
					ex -> assertThat(ex.reason()).isEqualTo(MailboxImapException.Reason.AUTHENTICATION))
			.hasMessageNotContaining(wrong.password());
	}

	@Test
	default void openShouldFailTransientWhenConnectionIsRefused() throws Exception {
		// given: a port nobody listens on any more
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		ImapEndpoint nobody = new ImapEndpoint("127.0.0.1", closedPort, Security.NONE);

		// when / then
		assertThatThrownBy(() -> connector().open(nobody, credentials())).isInstanceOf(TransientImapException.class)
			.hasMessageContaining("Connection refused");
	}

	@Test
	default void closeShouldDisconnectWhenCalledTwice() {
		// given
		ImapSession session = open();

		// when
		session.close();
		session.close();

		// then
		assertThat(session.isConnected()).isFalse();
		assertThatThrownBy(session::listFolders).isInstanceOf(TransientImapException.class);
	}

}
