package io.mailmig.worker.launch;

import java.util.List;

import io.mailmig.common.event.FailureType;
import io.mailmig.common.imap.FolderImapException;
import io.mailmig.common.imap.MailboxImapException;
import io.mailmig.common.imap.TransientImapException;
import io.mailmig.worker.job.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTests {

	@Test
	void authenticationShouldBeFinalWhenWrappedByBatch() {
		// given a login refusal as Spring Batch reports it: wrapped
		Throwable wrapped = new IllegalStateException("step failed", new MailboxImapException(
				MailboxImapException.Reason.AUTHENTICATION, "source 127.0.0.1:143 (user1): LOGIN failed", null));

		// when
		Failures failure = Failures.of(List.of(wrapped));

		// then
		assertThat(failure.type()).isEqualTo(FailureType.AUTHENTICATION);
		assertThat(failure.transientFailure()).isFalse();
		assertThat(failure.detail()).contains("source 127.0.0.1:143 (user1)");
	}

	@Test
	void connectionLossShouldBeRetryable() {
		Failures failure = Failures.of(List.of(new TransientImapException("connection reset", null)));

		assertThat(failure.type()).isEqualTo(FailureType.CONNECTION);
		assertThat(failure.transientFailure()).isTrue();
	}

	@Test
	void connectionSlotWaitTimingOutShouldBeRetryable() {
		// given a pass that waited too long for a connection slot, as Spring Batch reports it
		Throwable wrapped = new IllegalStateException("step failed",
				new io.mailmig.worker.connection.ConnectionSlotTimeoutException("no connection to imap.example.com:993 free"));

		// when
		Failures failure = Failures.of(List.of(wrapped));

		// then the pass runs again later
		assertThat(failure.type()).isEqualTo(FailureType.CONNECTION);
		assertThat(failure.transientFailure()).isTrue();
		assertThat(failure.detail()).contains("imap.example.com:993");
	}

	@Test
	void typedFailureShouldWinOverAGenericOneWhenBothAreReported() {
		// given Batch's generic partition failure first, then the folder failure that caused it
		List<Throwable> failures = List.of(new IllegalStateException("Partition handler returned an unsuccessful step"),
				new FolderImapException(FolderImapException.Reason.UIDVALIDITY_CHANGED, "INBOX", "UIDVALIDITY changed",
						null));

		// when
		Failures failure = Failures.of(failures);

		// then
		assertThat(failure.type()).isEqualTo(FailureType.FOLDER);
		assertThat(failure.transientFailure()).isFalse();
	}

	@Test
	void overQuotaAndTlsAndBadKeyShouldBeFinal() {
		assertThat(Failures.of(List.of(new MailboxImapException(MailboxImapException.Reason.OVER_QUOTA, "full", null))))
			.extracting(Failures::type, Failures::transientFailure)
			.containsExactly(FailureType.OVER_QUOTA, false);
		assertThat(Failures.of(List.of(new MailboxImapException(MailboxImapException.Reason.TLS, "untrusted", null))))
			.extracting(Failures::type, Failures::transientFailure)
			.containsExactly(FailureType.TLS, false);
		assertThat(Failures.of(List.of(new InvalidRequestException("wrong key"))))
			.extracting(Failures::type, Failures::transientFailure)
			.containsExactly(FailureType.INVALID_REQUEST, false);
	}

	@Test
	void databaseSerializationFailureShouldBeRetryable() {
		Failures failure = Failures.of(List.of(new IllegalStateException("commit failed",
				new org.springframework.dao.CannotAcquireLockException("could not serialize access"))));

		assertThat(failure.transientFailure()).isTrue();
	}

	@Test
	void unknownFailureShouldBeInternalAndKeepItsMessage() {
		Failures failure = Failures.of(List.of(new IllegalArgumentException("boom")));

		assertThat(failure.type()).isEqualTo(FailureType.INTERNAL);
		assertThat(failure.detail()).isEqualTo("boom");
	}

}
