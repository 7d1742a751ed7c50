package io.mailmig.common.testing;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.mailmig.common.event.SkipReason;
import io.mailmig.common.imap.AppendRequest;
import io.mailmig.common.imap.MailFolder;
import io.mailmig.common.imap.MailboxImapException;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MessageImapException;
import io.mailmig.common.imap.StorageQuota;
import io.mailmig.common.imap.SpecialUse;
import io.mailmig.common.imap.TransientImapException;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.Security;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The IMAP contract against private Dovecot instances, plus what GreenMail cannot do: special-use
 * folders, CONDSTORE, master-user login, STARTTLS and TLS, quota and size refusals, a server restart.
 */
class DovecotImapSessionIntegrationTests implements ImapSessionContract {

	/** French special-use names, '/' separator, TLS and STARTTLS. */
	private static DovecotServer dovecot;

	/** English special-use names, '.' separator, no TLS, a quota and a maximum message size. */
	private static DovecotServer limited;

	private static final long QUOTA = 400 * 1024;

	private static final String ACCENTED_PASSWORD = "mot de passe d'été, ça marche";

	private static final long MAX_MESSAGE_SIZE = 250 * 1024;

	@BeforeAll
	static void startDovecot() {
		dovecot = DovecotServer.builder()
			.separator('/')
			.specialUse(DovecotServer.SpecialUseFolders.FRENCH)
			.tls(true)
			.build()
			.start();
		limited = DovecotServer.builder()
			.separator('.')
			.specialUse(DovecotServer.SpecialUseFolders.ENGLISH)
			.quota(QUOTA)
			.maxMessageSize(MAX_MESSAGE_SIZE)
			.users(6)
			.user("accents", ACCENTED_PASSWORD)
			.build()
			.start();
	}

	@AfterAll
	static void stopDovecot() {
		dovecot.close();
		limited.close();
	}

	@Override
	public ImapEndpoint endpoint() {
		return dovecot.endpoint();
	}

	@Override
	public Credentials credentials() {
		return dovecot.credentials("user1");
	}

	@Override
	public char expectedSeparator() {
		return '/';
	}

	@Test
	void listFoldersShouldShowFrenchSpecialUseFoldersInModifiedUtf7WhenServerHasThem() {
		// given
		try (ImapSession session = open()) {
			// when
			List<MailFolder> folders = session.listFolders();

			// then: RFC 3501 §5.1.3 modified UTF-7 on the wire, RFC 6154 attributes
			assertThat(folders).filteredOn(f -> f.specialUse().isPresent())
				.extracting(MailFolder::name, f -> f.specialUse().orElseThrow(), MailFolder::subscribed)
				.containsExactlyInAnyOrder(
						tuple("&AMk-l&AOk-ments envoy&AOk-s", SpecialUse.SENT, true),
						tuple("Brouillons", SpecialUse.DRAFTS, true),
						tuple("Corbeille", SpecialUse.TRASH, true),
						tuple("Courrier ind&AOk-sirable", SpecialUse.JUNK, true));
			assertThat(session.hasCapability("SPECIAL-USE")).isTrue();
		}
	}

	@Test
	void listFoldersShouldShowEnglishSpecialUseFoldersAndNoselectParentsWhenDotSeparated() {
		// given
		try (ImapSession session = connector().open(limited.endpoint(),
				limited.credentials("user2"))) {
			session.createFolder("Projects.2024");

			// when
			List<MailFolder> folders = session.listFolders();

			// then
			assertThat(session.separator()).isEqualTo('.');
			assertThat(folders).filteredOn(f -> f.specialUse().isPresent())
				.extracting(MailFolder::name)
				.containsExactlyInAnyOrder("Sent", "Drafts", "Trash", "Junk");
			assertThat(folders).filteredOn(f -> f.name().equals("Projects")).singleElement().satisfies(parent -> {
				assertThat(parent.selectable()).isFalse();
				assertThat(parent.hasAttribute("\\HasChildren")).isTrue();
			});
		}
	}

	@Test
	void createFolderShouldAcceptTheOtherSeparatorInNamesWhenListescapeIsOn() {
		// given
		try (ImapSession session = open()) {
			// when
			session.createFolder("Invoices.2024");

			// then
			assertThat(session.listFolders()).extracting(MailFolder::name).contains("Invoices.2024");
			assertThat(session.status("Invoices.2024").messages()).isZero();
		}
	}

	@Test
	void statusShouldReportHighestModSeqWhenServerHasCondstore() {
		// given
		try (ImapSession session = open()) {
			String folder = newFolder(session);
			long before = session.status(folder).highestModSeq();

			// when
			appendSmall(session, folder, "modseq", Set.of());

			// then
			assertThat(session.hasCapability("CONDSTORE")).isTrue();
			assertThat(session.status(folder).highestModSeq()).isGreaterThan(before);
		}
	}

	@Test
	void openShouldActOnTheMailboxWhenMasterUserGivesAnAuthorizationId() {
		// given
		String folder;
		try (ImapSession asAdmin = connector().open(endpoint(), dovecot.masterCredentials("user2"))) {
			// when
			folder = newFolder(asAdmin);
			appendSmall(asAdmin, folder, "delivered by admin", Set.of());
		}

		// then
		try (ImapSession asUser2 = connector().open(endpoint(), dovecot.credentials("user2"))) {
			assertThat(asUser2.status(folder).messages()).isEqualTo(1);
		}
		try (ImapSession asUser1 = open()) {
			assertThat(asUser1.listFolders()).extracting(MailFolder::name).doesNotContain(folder);
		}
	}

	@Test
	void openShouldLogInWithOneCommandAndTakeCapabilitiesFromItsReply() {
		// given: Dovecot offers SASL-IR and sends its capabilities in the login's OK
		try (TcpProxy proxy = TcpProxy.start("127.0.0.1", dovecot.port());
				ImapSession session = connector().open(new ImapEndpoint("127.0.0.1", proxy.port(), Security.NONE),
						credentials())) {
			// when
			session.listFolders();

			// then: AUTHENTICATE PLAIN with its initial response, then straight to work, no CAPABILITY
			List<String> commands = proxy.clientText().lines().toList();
			assertThat(commands.get(0)).matches("\\S+ AUTHENTICATE PLAIN [A-Za-z0-9+/]+=*");
			assertThat(commands).noneMatch(line -> line.matches("\\S+ CAPABILITY"));
			// known after the login only: the capabilities came with its reply
			assertThat(session.hasCapability("CONDSTORE")).isTrue();
		}
	}

	@Test
	void openShouldLogInWithAPasswordOutsideAscii() {
		// when
		try (ImapSession session = connector().open(limited.endpoint(),
				new Credentials("accents", ACCENTED_PASSWORD))) {
			// then
			assertThat(session.listFolders()).extracting(MailFolder::name).contains("INBOX");
		}
	}

	@Test
	void openShouldFailWithAuthenticationWhenMasterPasswordIsWrong() {
		// given
		Credentials wrong = new Credentials(DovecotServer.MASTER_USER, "wrong", "user2");

		// when / then
		assertThatThrownBy(() -> connector().open(endpoint(), wrong))
			.isInstanceOfSatisfying(MailboxImapException.class,
					ex -> assertThat(ex.reason()).isEqualTo(MailboxImapException.Reason.AUTHENTICATION))
			.hasMessageContaining("AUTHENTICATIONFAILED");
	}

	@Test
	void openShouldFailWithTlsWhenStartTlsIsRequiredButNotOffered() {
		// given
		ImapEndpoint startTls = new ImapEndpoint("127.0.0.1", limited.port(), Security.STARTTLS);

		// when / then
		assertThatThrownBy(() -> connector().open(startTls, limited.credentials("user1")))
			.isInstanceOfSatisfying(MailboxImapException.class,
					ex -> assertThat(ex.reason()).isEqualTo(MailboxImapException.Reason.TLS))
			.hasMessageContaining("STARTTLS");
	}

	@Test
	void openShouldConnectWithStartTlsWhenCertificateIsTrusted() {
		// given
		ImapEndpoint startTls = dovecot.startTlsEndpoint();

		// when
		try (ImapSession session = connector().open(startTls, credentials())) {
			// then
			assertThat(session.listFolders()).anyMatch(MailFolder::isInbox);
			assertThat(session.capabilities()).doesNotContain("STARTTLS");
		}
	}

	@Test
	void openShouldConnectWithImplicitTlsWhenCertificateIsTrusted() {
		// given
		ImapEndpoint tls = dovecot.tlsEndpoint();

		// when
		try (ImapSession session = connector().open(tls, dovecot.masterCredentials("user3"))) {
			// then
			assertThat(session.listFolders()).anyMatch(MailFolder::isInbox);
		}
	}

	@Test
	void openShouldFailWithTlsWhenCertificateIsNotTrusted() {
		// given
		ImapEndpoint untrustedTls = new ImapEndpoint("127.0.0.1", dovecot.imapsPort(), Security.TLS);
		ImapEndpoint untrustedStartTls = new ImapEndpoint("127.0.0.1", dovecot.port(), Security.STARTTLS);

		// when / then
		for (ImapEndpoint endpoint : List.of(untrustedTls, untrustedStartTls)) {
			assertThatThrownBy(() -> connector().open(endpoint, credentials())).as(endpoint.security().name())
				.isInstanceOfSatisfying(MailboxImapException.class,
						ex -> assertThat(ex.reason()).isEqualTo(MailboxImapException.Reason.TLS));
		}
	}

	@Test
	void storageQuotaShouldBeUsageAndLimitInBytesWhenServerHasAQuota() {
		// given
		byte[] message = TestMessages.ofSize("quota", 50 * 1024);
		try (ImapSession session = connector().open(limited.endpoint(), limited.credentials("user5"))) {
			session.append("INBOX", new AppendRequest(Set.of(), Instant.now(), TestMessages.content(message)));

			// when
			Optional<StorageQuota> quota = session.storageQuota();

			// then: RFC 2087 counts in KiB, so the figures are rounded to 1024 bytes
			assertThat(quota).hasValueSatisfying(q -> {
				assertThat(q.limitBytes()).isEqualTo(QUOTA);
				assertThat(q.usedBytes()).isBetween(message.length - 1024L, message.length + 1024L);
			});
		}
		try (ImapSession session = connector().open(dovecot.endpoint(), dovecot.credentials("user5"))) {
			assertThat(session.storageQuota()).isEmpty();
		}
	}

	@Test
	void appendShouldBeSkippedAsOverQuotaWhenTheMailboxIsFull() {
		// given: messages under the size limit, more of them than the quota holds
		byte[] message = TestMessages.ofSize("quota", (int) (MAX_MESSAGE_SIZE * 4 / 5));
		try (ImapSession session = connector().open(limited.endpoint(),
				limited.credentials("user3"))) {
			AppendRequest request = new AppendRequest(Set.of(), Instant.now(), TestMessages.content(message));
			session.append("INBOX", request);
			session.append("INBOX", request);

			// when / then
			assertThatThrownBy(() -> session.append("INBOX", request))
				.isInstanceOfSatisfying(MessageImapException.class,
						ex -> assertThat(ex.reason()).isEqualTo(SkipReason.OVER_QUOTA))
				.hasMessageContaining("[OVERQUOTA]");
			assertThat(session.isConnected()).isTrue();
		}
	}

	@Test
	void appendAllShouldReportEachRefusedMessageAndStoreTheOthersWhenPipelined() {
		// given: the 3rd and 5th messages are over the size limit, the others fit the quota
		java.util.List<AppendRequest> requests = new java.util.ArrayList<>();
		for (int i = 0; i < 6; i++) {
			int size = (i == 2 || i == 4) ? (int) MAX_MESSAGE_SIZE + 1024 : 20 * 1024;
			requests.add(new AppendRequest(Set.of(), Instant.now(), TestMessages.content(TestMessages.ofSize("mixed " + i, size))));
		}
		java.util.Map<Integer, Object> outcomes = new java.util.TreeMap<>();
		try (ImapSession session = connector().open(limited.endpoint(), limited.credentials("user6"))) {
			assertThat(session.capabilities()).contains("LITERAL+", "UIDPLUS");

			// when
			session.appendAll("INBOX", requests, new ImapSession.AppendOutcomes() {

				@Override
				public void appended(int index, java.util.OptionalLong uid) {
					outcomes.put(index, uid.orElseThrow());
				}

				@Override
				public void refused(int index, MessageImapException failure) {
					outcomes.put(index, failure.reason());
				}

			});

			// then: the pipeline stays in step: every message has its own outcome, the connection is usable
			assertThat(outcomes).containsOnlyKeys(0, 1, 2, 3, 4, 5);
			assertThat(outcomes.get(2)).isEqualTo(SkipReason.TOO_BIG_FOR_DESTINATION);
			assertThat(outcomes.get(4)).isEqualTo(SkipReason.TOO_BIG_FOR_DESTINATION);
			assertThat(java.util.List.of(outcomes.get(0), outcomes.get(1), outcomes.get(3), outcomes.get(5)))
				.allSatisfy(uid -> assertThat(uid).isInstanceOf(Long.class));
			assertThat(session.status("INBOX").messages()).isEqualTo(4);
			assertThat(session.isConnected()).isTrue();
		}
	}

	@Test
	void appendShouldBeSkippedAsTooBigWhenLargerThanTheServerAllows() {
		// given
		byte[] message = TestMessages.ofSize("too big", (int) MAX_MESSAGE_SIZE + 1024);
		try (ImapSession session = connector().open(limited.endpoint(),
				limited.credentials("user4"))) {
			// when / then
			assertThatThrownBy(() -> session.append("INBOX",
					new AppendRequest(Set.of(), Instant.now(), TestMessages.content(message))))
				.isInstanceOfSatisfying(MessageImapException.class,
						ex -> assertThat(ex.reason()).isEqualTo(SkipReason.TOO_BIG_FOR_DESTINATION))
				.hasMessageContaining("[LIMIT]");
			assertThat(session.status("INBOX").messages()).isZero();
		}
	}

	@Test
	void sessionShouldFailTransientAndKeepMailWhenServerRestarts() {
		// given
		try (DovecotServer restarting = DovecotServer.builder().build().start()) {
			byte[] message = TestMessages.small("survives");
			ImapSession before = connector().open(restarting.endpoint(), restarting.credentials("user1"));
			long uid = before.append("INBOX", new AppendRequest(Set.of("\\Seen"), Instant.now(),
					TestMessages.content(message))).orElseThrow();

			// when
			restarting.restart();

			// then
			await().atMost(Duration.ofSeconds(10)).until(() -> !before.isConnected());
			assertThatThrownBy(() -> before.status("INBOX")).isInstanceOf(TransientImapException.class);
			before.close();
			try (ImapSession after = connector().open(restarting.endpoint(), restarting.credentials("user1"))) {
				ByteArrayOutputStream fetched = new ByteArrayOutputStream();
				after.fetchRaw("INBOX", uid, fetched);
				assertThat(fetched.toByteArray()).isEqualTo(message);
			}
		}
	}

}
