package io.mailmig.common.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MailboxSnapshot} and {@link TestMailbox} against GreenMail (which has no SPECIAL-USE). */
class MailboxSnapshotIntegrationTests {

	@RegisterExtension
	static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

	private static final Instant MONDAY = Instant.parse("2025-01-13T08:15:30Z");

	private static final Instant OLD = Instant.parse("1994-06-14T07:30:00Z");

	@BeforeEach
	void createUsers() {
		greenMail.setUser("source@example.org", "source", "secret");
		greenMail.setUser("target@example.org", "target", "secret");
	}

	@Test
	void readShouldRecordDigestFlagsAndDateOfRawBytesWhenMessagesWereAppended() throws Exception {
		// given
		try (TestMailbox mailbox = mailbox("source")) {
			mailbox.create("Réunions");
			TestMessages.nasty().forEach((name, raw) -> mailbox.append("INBOX", raw, MONDAY, "\\Seen", "$Label1"));
			mailbox.append("Réunions", TestMessages.before1995(), OLD, "\\Answered", "\\Flagged");
		}

		// when
		MailboxSnapshot snapshot = snapshot("source");

		// then every message comes back byte-identical, except the raw 8-bit headers: GreenMail re-encodes
		// them (Dovecot keeps them byte for byte, and turns bare LFs into CRLF: checked by hand)
		Map<String, byte[]> faithful = new java.util.LinkedHashMap<>(TestMessages.nasty());
		faithful.remove("raw-8bit-headers");
		assertThat(snapshot.folders()).containsKeys("INBOX", "Réunions");
		assertThat(snapshot.folders().get("INBOX").messages())
			.extracting(MailboxSnapshot.MessageSnapshot::sha256)
			.containsAll(faithful.values().stream().map(this::sha256).toList())
			.hasSize(TestMessages.nasty().size());
		assertThat(snapshot.folders().get("INBOX").messages()).allSatisfy(m -> {
			assertThat(m.flags()).containsExactlyInAnyOrder("\\Seen", "$Label1");
			assertThat(m.internalDate()).isEqualTo(MONDAY);
		});
		assertThat(snapshot.folders().get("Réunions").messages()).singleElement().satisfies(m -> {
			assertThat(m.sha256()).isEqualTo(sha256(TestMessages.before1995()));
			assertThat(m.flags()).containsExactly("\\Answered", "\\Flagged");
			assertThat(m.internalDate()).isEqualTo(OLD);
		});
		assertThat(snapshot.subscriptions()).contains("Réunions");
	}

	@Test
	void diffShouldBeEmptyWhenBothMailboxesHoldTheSame() {
		// given
		fill("source");
		fill("target");

		// when
		List<String> differences = MailboxSnapshot.diff(snapshot("source"), snapshot("target"),
				FolderNameTranslation.bySpecialUse());

		// then
		assertThat(differences).isEmpty();
	}

	@Test
	void diffShouldReportEachKindOfDifferenceWhenDestinationDiffers() {
		// given
		fill("source");
		try (TestMailbox target = mailbox("target")) {
			target.create("Archivé/2019", false);
			target.create("Extra");
			target.append("INBOX", TestMessages.plain(), MONDAY, "\\Seen");
			target.append("INBOX", TestMessages.plain(), MONDAY, "\\Seen");
			target.append("INBOX", TestMessages.noMessageId(), MONDAY);
			target.append("INBOX", TestMessages.longLine(), OLD, "\\Seen");
			target.append("INBOX", "Subject: not at source\r\n\r\n".getBytes(StandardCharsets.US_ASCII), MONDAY);
		}

		// when
		List<String> differences = MailboxSnapshot.diff(snapshot("source"), snapshot("target"),
				FolderNameTranslation.identity());

		// then
		String plain = sha256(TestMessages.plain()).substring(0, 12);
		assertThat(differences).anyMatch(d -> d.startsWith("INBOX: message " + plain) && d.endsWith("1 copy at source, 2 at destination"))
			.anyMatch(d -> d.contains("flags [\\Seen] at source, [] at destination"))
			.anyMatch(d -> d.contains("INTERNALDATE 2025-01-13T08:15:30Z at source, 1994-06-14T07:30:00Z at destination"))
			.anyMatch(d -> d.startsWith("INBOX: missing at destination: " + sha256(TestMessages.emptyBody()).substring(0, 12)))
			.anyMatch(d -> d.startsWith("INBOX: extra at destination: "))
			.anyMatch(d -> d.equals("missing folder at destination: Réunions (1 messages)"))
			.anyMatch(d -> d.equals("extra folder at destination: Extra (0 messages)"))
			.anyMatch(d -> d.equals("Archivé/2019: subscribed at source, not at destination"))
			.anyMatch(d -> d.equals("Extra: subscribed at destination, not at source"));
	}

	@Test
	void diffShouldPairRenamedFoldersWhenTranslationSaysSo() {
		// given
		try (TestMailbox source = mailbox("source")) {
			source.create("Éléments envoyés/2019");
			source.append("Éléments envoyés/2019", TestMessages.plain(), MONDAY);
		}
		try (TestMailbox target = mailbox("target")) {
			target.create("Sent/2019");
			target.append("Sent/2019", TestMessages.plain(), MONDAY);
		}
		MailboxSnapshot source = snapshot("source");
		MailboxSnapshot target = snapshot("target");

		// when
		List<String> renamed = MailboxSnapshot.diff(source, target,
				FolderNameTranslation.renaming(Map.of("Éléments envoyés", "Sent")));
		List<String> asIs = MailboxSnapshot.diff(source, target, FolderNameTranslation.identity());

		// then
		assertThat(renamed).isEmpty();
		assertThat(asIs).contains("missing folder at destination: Éléments envoyés/2019 (1 messages)",
				"extra folder at destination: Sent/2019 (1 messages)");
	}

	@Test
	void readShouldHashLargeMessageWhenItIsStreamed() {
		// given
		TestMessages.LargeMessage large = TestMessages.largeAttachment();
		try (TestMailbox mailbox = mailbox("source")) {
			mailbox.append("INBOX", large, MONDAY);
		}

		// when
		MailboxSnapshot snapshot = snapshot("source");

		// then
		assertThat(snapshot.folders().get("INBOX").messages()).singleElement().satisfies(m -> {
			assertThat(m.size()).isEqualTo(large.size());
			assertThat(m.sha256()).isEqualTo(sha256(large.bytes()));
		});
	}

	private static void fill(String user) {
		try (TestMailbox mailbox = mailbox(user)) {
			mailbox.create("Réunions");
			mailbox.create("Archivé/2019");
			mailbox.append("INBOX", TestMessages.plain(), MONDAY, "\\Seen");
			mailbox.append("INBOX", TestMessages.noMessageId(), MONDAY, "\\Seen");
			mailbox.append("INBOX", TestMessages.longLine(), MONDAY, "\\Seen");
			mailbox.append("INBOX", TestMessages.emptyBody(), MONDAY);
			mailbox.append("Réunions", TestMessages.raw8BitHeaders(), OLD, "\\Flagged");
			for (byte[] duplicate : TestMessages.exactDuplicatePair()) {
				mailbox.append("Archivé/2019", duplicate, MONDAY);
			}
		}
	}

	private static TestMailbox mailbox(String user) {
		return TestMailbox.open("127.0.0.1", greenMail.getImap().getPort(), user, "secret");
	}

	private static MailboxSnapshot snapshot(String user) {
		return MailboxSnapshot.read("127.0.0.1:" + greenMail.getImap().getPort() + ":" + user + ":secret");
	}

	private String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
