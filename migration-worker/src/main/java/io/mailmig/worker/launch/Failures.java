package io.mailmig.worker.launch;

import java.util.List;

import io.mailmig.common.event.FailureType;
import io.mailmig.common.imap.FolderImapException;
import io.mailmig.common.imap.MailboxImapException;
import io.mailmig.common.imap.TransientImapException;

/**
 * Turns what made a pass fail into the typed reason users see, and decides whether running it again
 * unchanged may help (only transient failures: a wrong password stays wrong).
 *
 * @param busy the pass only waited too long for a connection slot (ADR 6): the servers are busy with
 * other mailboxes, nothing is wrong with this one
 */
record Failures(FailureType type, String detail, boolean transientFailure, boolean busy) {

	Failures(FailureType type, String detail, boolean transientFailure) {
		this(type, detail, transientFailure, false);
	}

	static Failures of(List<Throwable> failures) {
		Failures best = null;
		for (Throwable failure : failures) {
			Failures f = classify(failure);
			// a typed failure explains more than a generic one; a real failure more than a wait that timed out
			if (best == null || best.type == FailureType.INTERNAL
					|| (best.busy && !f.busy && f.type != FailureType.INTERNAL)) {
				best = f;
			}
		}
		return best != null ? best : new Failures(FailureType.INTERNAL, "the pass failed without an error", false);
	}

	private static Failures classify(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof MailboxImapException ex) {
				FailureType type = switch (ex.reason()) {
					case AUTHENTICATION -> FailureType.AUTHENTICATION;
					case TLS -> FailureType.TLS;
					case OVER_QUOTA -> FailureType.OVER_QUOTA;
					case UNREACHABLE -> FailureType.CONNECTION;
					case PROTOCOL -> FailureType.INTERNAL;
				};
				return new Failures(type, ex.getMessage(), ex.reason() == MailboxImapException.Reason.UNREACHABLE);
			}
			if (t instanceof TransientImapException ex) {
				return new Failures(FailureType.CONNECTION, ex.getMessage(), true);
			}
			if (t instanceof io.mailmig.worker.connection.ConnectionSlotTimeoutException ex) {
				// the servers are busy with other mailboxes: later, a slot will be free
				return new Failures(FailureType.CONNECTION, ex.getMessage(), true, true);
			}
			if (t instanceof FolderImapException ex) {
				return new Failures(FailureType.FOLDER, ex.getMessage(), false);
			}
			if (t instanceof org.springframework.dao.TransientDataAccessException
					|| t instanceof org.springframework.dao.RecoverableDataAccessException) {
				// a serialization failure, a lock timeout, a dropped database connection: running again helps
				return new Failures(FailureType.INTERNAL, "database: " + t.getMessage(), true);
			}
			if (t instanceof io.mailmig.worker.job.InvalidRequestException ex) {
				return new Failures(FailureType.INVALID_REQUEST, ex.getMessage(), false);
			}
		}
		return new Failures(FailureType.INTERNAL, String.valueOf(failure.getMessage()), false);
	}

}
