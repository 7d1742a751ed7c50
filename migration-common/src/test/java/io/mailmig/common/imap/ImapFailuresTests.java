package io.mailmig.common.imap;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;

import javax.net.ssl.SSLHandshakeException;

import io.mailmig.common.event.SkipReason;
import io.mailmig.common.imap.ImapFailures.Operation;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.iap.BadCommandException;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImapFailuresTests {

	@Test
	void classifyShouldReturnTransientWhenServerIsUnavailable() {
		// given
		Throwable failure = wrapped(no("NO [UNAVAILABLE] Temporary failure"));

		// when
		ImapException classified = ImapFailures.classify(failure, "INBOX", Operation.SELECT);

		// then
		assertThat(classified).isInstanceOf(TransientImapException.class)
			.hasMessageContaining("[UNAVAILABLE] Temporary failure")
			.hasMessageContaining("'INBOX'")
			.hasCause(failure);
	}

	@Test
	void classifyShouldReturnTransientWhenMailboxInUseOrServerBug() {
		// given
		Throwable inUse = no("NO [INUSE] Mailbox is locked");
		Throwable serverBug = no("NO [SERVERBUG] Internal error occurred");

		// when / then
		assertThat(ImapFailures.classify(inUse, "INBOX", Operation.APPEND)).isInstanceOf(TransientImapException.class);
		assertThat(ImapFailures.classify(serverBug, "INBOX", Operation.FETCH))
			.isInstanceOf(TransientImapException.class);
	}

	@Test
	void classifyShouldReturnTransientWhenServerSaysBye() {
		// given
		Throwable failure = new ConnectionException(null, new Response("* BYE Server shutting down."));

		// when
		ImapException classified = ImapFailures.classify(failure, null, Operation.LIST);

		// then
		assertThat(classified).isInstanceOf(TransientImapException.class).hasMessageContaining("Server shutting down");
	}

	@Test
	void classifyShouldReturnTransientWhenConnectionIsLostMidCommand() {
		// given: what Angus turns an IOException into
		Throwable failure = new ConnectionException(null,
				Response.byeResponse(new SocketTimeoutException("Read timed out")));

		// when
		ImapException classified = ImapFailures.classify(failure, "INBOX", Operation.FETCH);

		// then
		assertThat(classified).isInstanceOf(TransientImapException.class).hasMessageContaining("Read timed out");
	}

	@Test
	void classifyShouldReturnTransientWhenHostUnknownOrConnectionRefusedOrTimedOut() {
		// given
		Throwable unknownHost = new UnknownHostException("imap.invalid");
		Throwable refused = new MessagingException("connect", new IOException("x", new ConnectException("refused")));
		Throwable timeout = new SocketTimeoutException("connect timed out");

		// when / then
		assertThat(ImapFailures.classify(unknownHost, null, Operation.CONNECT))
			.isInstanceOf(TransientImapException.class)
			.hasMessageContaining("imap.invalid");
		assertThat(ImapFailures.classify(refused, null, Operation.CONNECT)).isInstanceOf(TransientImapException.class);
		assertThat(ImapFailures.classify(timeout, null, Operation.CONNECT)).isInstanceOf(TransientImapException.class);
	}

	@Test
	void classifyShouldReturnAuthenticationWhenLoginRefused() {
		// given
		Throwable codeOnOtherCommand = no("NO [AUTHENTICATIONFAILED] Authentication failed.");
		Throwable noCode = no("NO Login failed.");
		Throwable authorization = no("NO [AUTHORIZATIONFAILED] Not allowed to act as user1");
		Throwable fromStore = new AuthenticationFailedException("Authentication failed.");

		// when / then
		assertThat(reason(ImapFailures.classify(codeOnOtherCommand, null, Operation.OTHER)))
			.isEqualTo(MailboxImapException.Reason.AUTHENTICATION);
		assertThat(reason(ImapFailures.classify(noCode, null, Operation.LOGIN)))
			.isEqualTo(MailboxImapException.Reason.AUTHENTICATION);
		assertThat(reason(ImapFailures.classify(authorization, null, Operation.LOGIN)))
			.isEqualTo(MailboxImapException.Reason.AUTHENTICATION);
		assertThat(reason(ImapFailures.classify(fromStore, null, Operation.CONNECT)))
			.isEqualTo(MailboxImapException.Reason.AUTHENTICATION);
	}

	@Test
	void classifyShouldReturnTransientWhenLoginRefusedAsUnavailable() {
		// given
		Throwable failure = no("NO [UNAVAILABLE] Authentication backend down");

		// when
		ImapException classified = ImapFailures.classify(failure, null, Operation.LOGIN);

		// then
		assertThat(classified).isInstanceOf(TransientImapException.class);
	}

	@Test
	void classifyShouldReturnTlsWhenCertificateOrHandshakeFails() {
		// given
		Throwable handshake = new IOException("x", new SSLHandshakeException("PKIX path building failed"));
		Throwable certificate = new ProtocolException("STARTTLS failure",
				new IOException(new CertificateException("No subject alternative names")));

		// when / then
		assertThat(reason(ImapFailures.classify(handshake, null, Operation.CONNECT)))
			.isEqualTo(MailboxImapException.Reason.TLS);
		assertThat(reason(ImapFailures.classify(certificate, null, Operation.STARTTLS)))
			.isEqualTo(MailboxImapException.Reason.TLS);
	}

	@Test
	void classifyShouldReturnTlsWhenStartTlsRefusedOrMissing() {
		// given
		Throwable refused = bad("BAD Unknown command");
		Throwable missing = new ProtocolException("STARTTLS required but not supported by server");
		Throwable privacy = no("NO [PRIVACYREQUIRED] Plaintext authentication disallowed");

		// when / then
		assertThat(reason(ImapFailures.classify(refused, null, Operation.STARTTLS)))
			.isEqualTo(MailboxImapException.Reason.TLS);
		assertThat(reason(ImapFailures.classify(missing, null, Operation.CONNECT)))
			.isEqualTo(MailboxImapException.Reason.TLS);
		assertThat(reason(ImapFailures.classify(privacy, null, Operation.LOGIN)))
			.isEqualTo(MailboxImapException.Reason.TLS);
	}

	@Test
	void classifyShouldReturnTooBigWhenAppendRefusedForSize() {
		// given
		Exception tooBig = no("NO [TOOBIG] Message too large");
		Exception limit = no("NO [LIMIT] Mail size is larger than the maximum size allowed by server configuration");
		Exception text = no("NO Message too large for this server");

		// when / then
		for (Exception failure : new Exception[] { tooBig, limit, text }) {
			assertThat(skip(ImapFailures.classify(wrapped(failure), "Sent", Operation.APPEND)))
				.isEqualTo(SkipReason.TOO_BIG_FOR_DESTINATION);
		}
	}

	@Test
	void classifyShouldReturnOverQuotaWhenAppendRefusedForQuota() {
		// given
		Throwable failure = wrapped(no("NO [OVERQUOTA] Quota exceeded (mailbox for user is full)"));

		// when
		ImapException classified = ImapFailures.classify(failure, "INBOX", Operation.APPEND);

		// then
		assertThat(skip(classified)).isEqualTo(SkipReason.OVER_QUOTA);
		assertThat(classified).hasMessageContaining("Quota exceeded");
	}

	@Test
	void classifyShouldReturnRejectedWhenAppendRefusedForAnotherReason() {
		// given
		Throwable failure = no("NO Message contains invalid header");
		Throwable parse = bad("BAD [PARSE] Broken MIME");

		// when / then
		assertThat(skip(ImapFailures.classify(failure, "INBOX", Operation.APPEND)))
			.isEqualTo(SkipReason.REJECTED_BY_DESTINATION);
		assertThat(skip(ImapFailures.classify(parse, "INBOX", Operation.APPEND)))
			.isEqualTo(SkipReason.REJECTED_BY_DESTINATION);
	}

	@Test
	void classifyShouldReturnNonexistentFolderWhenAppendSaysTryCreate() {
		// given
		Throwable failure = no("NO [TRYCREATE] Mailbox doesn't exist: Archive");

		// when
		ImapException classified = ImapFailures.classify(failure, "Archive", Operation.APPEND);

		// then
		assertThat(classified).isInstanceOfSatisfying(FolderImapException.class, folder -> {
			assertThat(folder.reason()).isEqualTo(FolderImapException.Reason.NONEXISTENT);
			assertThat(folder.folder()).isEqualTo("Archive");
		});
	}

	@Test
	void classifyShouldReturnNonexistentFolderWhenSelectOrStatusRefused() {
		// given
		Throwable withCode = no("NO [NONEXISTENT] Unknown Mailbox: Archive");
		Throwable withoutCode = no("NO Mailbox doesn't exist: Archive");

		// when / then
		assertThat(folderReason(ImapFailures.classify(withCode, "Archive", Operation.SELECT)))
			.isEqualTo(FolderImapException.Reason.NONEXISTENT);
		assertThat(folderReason(ImapFailures.classify(withoutCode, "Archive", Operation.STATUS)))
			.isEqualTo(FolderImapException.Reason.NONEXISTENT);
	}

	@Test
	void classifyShouldReturnCannotCreateWhenCreateRefused() {
		// given
		Throwable cannot = no("NO [CANNOT] Invalid mailbox name");
		Throwable other = no("NO Permission denied");

		// when / then
		assertThat(folderReason(ImapFailures.classify(cannot, "a/b", Operation.CREATE)))
			.isEqualTo(FolderImapException.Reason.CANNOT_CREATE);
		assertThat(folderReason(ImapFailures.classify(other, "a/b", Operation.CREATE)))
			.isEqualTo(FolderImapException.Reason.CANNOT_CREATE);
	}

	@Test
	void classifyShouldReturnExpungedWhenFetchSaysExpungeIssued() {
		// given
		Throwable failure = no("NO [EXPUNGEISSUED] Some of the requested messages no longer exist");

		// when
		ImapException classified = ImapFailures.classify(failure, "INBOX", Operation.FETCH);

		// then
		assertThat(skip(classified)).isEqualTo(SkipReason.EXPUNGED_AT_SOURCE);
	}

	@Test
	void classifyShouldReturnProtocolWhenServerAnswersBad() {
		// given
		Throwable failure = bad("BAD Error in IMAP command UID: Invalid arguments.");

		// when
		ImapException classified = ImapFailures.classify(failure, "INBOX", Operation.FETCH);

		// then
		assertThat(reason(classified)).isEqualTo(MailboxImapException.Reason.PROTOCOL);
		assertThat(classified).hasMessageContaining("Invalid arguments");
	}

	@Test
	void classifyShouldReturnSameExceptionWhenAlreadyClassified() {
		// given
		ImapException classified = new TransientImapException("lost", null);

		// when / then
		assertThat(ImapFailures.classify(classified, null, Operation.OTHER)).isSameAs(classified);
	}

	@Test
	void classifyShouldNeverRepeatTheCommandWhenDescribingTheFailure() {
		// given: the server's answer to AUTHENTICATE; the command line itself is never in a response
		Throwable failure = no("NO [AUTHENTICATIONFAILED] Authentication failed.");

		// when
		ImapException classified = ImapFailures.classify(failure, null, Operation.LOGIN);

		// then
		assertThat(classified.getMessage()).isEqualTo("LOGIN failed: NO [AUTHENTICATIONFAILED] Authentication failed.");
	}

	private static Exception wrapped(Exception failure) {
		return new MessagingException(failure.getMessage(), failure);
	}

	private static CommandFailedException no(String text) {
		return new CommandFailedException(new Response("A7 " + text));
	}

	private static BadCommandException bad(String text) {
		return new BadCommandException(new Response("A7 " + text));
	}

	private static MailboxImapException.Reason reason(ImapException classified) {
		assertThat(classified).isInstanceOf(MailboxImapException.class);
		return ((MailboxImapException) classified).reason();
	}

	private static SkipReason skip(ImapException classified) {
		assertThat(classified).isInstanceOf(MessageImapException.class);
		return ((MessageImapException) classified).reason();
	}

	private static FolderImapException.Reason folderReason(ImapException classified) {
		assertThat(classified).isInstanceOf(FolderImapException.class);
		return ((FolderImapException) classified).reason();
	}

}
