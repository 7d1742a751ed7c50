package io.mailmig.common.imap;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Optional;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import io.mailmig.common.event.SkipReason;
import jakarta.mail.AuthenticationFailedException;
import org.eclipse.angus.mail.iap.BadCommandException;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;

/**
 * The one place where IMAP failures become the {@link ImapException} family, so that every caller
 * reacts the same way: retry ({@link TransientImapException}), stop the mailbox
 * ({@link MailboxImapException}), fail the folder ({@link FolderImapException}) or skip the message
 * ({@link MessageImapException}).
 * <p>
 * Angus Mail hides the server's answer a few causes deep ({@code MessagingException} →
 * {@code CommandFailedException} → {@code Response}), so the whole cause chain is walked. Response
 * codes (RFC 5530) decide first; the text is only a fallback for servers that send none. Messages
 * carry the server's text and the folder, never a password or message content.
 * <p>
 * A host that cannot be resolved or refuses the connection is {@linkplain TransientImapException
 * transient}: the worker retries a few times, then fails the mailbox with {@code CONNECTION}.
 */
public final class ImapFailures {

	/** The IMAP command (or phase) that failed: the same answer means different things per command. */
	public enum Operation {

		CONNECT, STARTTLS, LOGIN, LIST, STATUS, SELECT, CREATE, SUBSCRIBE, FETCH, SEARCH, APPEND, STORE, OTHER

	}

	private ImapFailures() {
	}

	/**
	 * Classifies a failure.
	 * @param failure what Angus Mail or the network threw (an {@link ImapException} is returned as is)
	 * @param folder the folder the command was about, or {@code null}
	 * @param operation the command that failed
	 * @return the classified exception, with {@code failure} as its cause
	 */
	public static ImapException classify(Throwable failure, String folder, Operation operation) {
		if (failure instanceof ImapException classified) {
			return classified;
		}
		String where = operation + (folder != null ? " '" + folder + "'" : "");
		Optional<ServerReply> reply = serverReply(failure);
		if (reply.isPresent() && !isSynthetic(failure)) {
			return classifyReply(reply.get(), failure, folder, operation, where);
		}
		return classifyLocal(failure, where);
	}

	private static ImapException classifyReply(ServerReply reply, Throwable failure, String folder,
			Operation operation, String where) {
		String message = where + " failed: " + reply;
		// RFC 5530 §3: UNAVAILABLE "temporary failure because a subsystem is down", INUSE "the
		// operation could not be performed because something is in use", SERVERBUG "the server
		// encountered a bug in itself": all worth a retry on a new connection. BYE: RFC 3501 §7.1.5.
		if (reply.hasCode("UNAVAILABLE") || reply.hasCode("INUSE") || reply.hasCode("SERVERBUG")
				|| reply.status().equals("BYE") || find(failure, ConnectionException.class).isPresent()) {
			return new TransientImapException(message, failure);
		}
		// RFC 5530 §3: PRIVACYREQUIRED "the operation is not permitted due to a lack of privacy".
		if (reply.hasCode("PRIVACYREQUIRED")) {
			return new MailboxImapException(MailboxImapException.Reason.TLS, message, failure);
		}
		// RFC 5530 §3: AUTHENTICATIONFAILED, AUTHORIZATIONFAILED ("the authenticated user is not
		// permitted to act as the authorization identity"), EXPIRED; RFC 3501 §6.2.3: a NO to LOGIN is
		// a login failure.
		if (reply.hasCode("AUTHENTICATIONFAILED") || reply.hasCode("AUTHORIZATIONFAILED")
				|| reply.hasCode("EXPIRED") || find(failure, AuthenticationFailedException.class).isPresent()
				|| (operation == Operation.LOGIN && reply.status().equals("NO"))) {
			return new MailboxImapException(MailboxImapException.Reason.AUTHENTICATION, message, failure);
		}
		if (reply.status().equals("BAD") || find(failure, BadCommandException.class).isPresent()) {
			return classifyBad(reply, failure, operation, message);
		}
		return switch (operation) {
			// RFC 3501 §6.2.1: a STARTTLS refused means no TLS, and RFC 8314 §3.4 forbids going on in clear
			case STARTTLS -> new MailboxImapException(MailboxImapException.Reason.TLS, message, failure);
			case APPEND -> classifyAppend(reply, failure, folder, message);
			case SELECT, STATUS -> classifyOpen(reply, failure, folder, message);
			case CREATE -> reply.hasCode("OVERQUOTA") ? overQuota(message, failure)
					: new FolderImapException(FolderImapException.Reason.CANNOT_CREATE, folder, message, failure);
			case SUBSCRIBE -> new FolderImapException(FolderImapException.Reason.NOT_PERMITTED, folder, message,
					failure);
			case FETCH -> classifyFetch(reply, failure, message);
			default -> reply.hasCode("OVERQUOTA") ? overQuota(message, failure)
					: new MailboxImapException(MailboxImapException.Reason.PROTOCOL, message, failure);
		};
	}

	/** RFC 3501 §7.1.5: BAD is "a protocol-level error in the client's command": retrying cannot help. */
	private static ImapException classifyBad(ServerReply reply, Throwable failure, Operation operation,
			String message) {
		if (operation == Operation.STARTTLS) {
			return new MailboxImapException(MailboxImapException.Reason.TLS, message, failure);
		}
		// RFC 5530 §3: PARSE "the human-readable text contains a parse error" about the message data,
		// so only that one message is at fault.
		if (operation == Operation.APPEND && reply.hasCode("PARSE")) {
			return new MessageImapException(SkipReason.REJECTED_BY_DESTINATION, message, failure);
		}
		return new MailboxImapException(MailboxImapException.Reason.PROTOCOL, message, failure);
	}

	private static ImapException classifyAppend(ServerReply reply, Throwable failure, String folder, String message) {
		// RFC 7889 §4: a message over the APPENDLIMIT is refused with "NO [TOOBIG]"; RFC 5530 §3:
		// LIMIT "the operation ran into a hard limit of some kind" (Dovecot's quota_max_mail_size).
		if (reply.hasCode("TOOBIG") || reply.hasCode("LIMIT") || reply.mentions("too large")
				|| reply.mentions("too big")) {
			return new MessageImapException(SkipReason.TOO_BIG_FOR_DESTINATION, message, failure);
		}
		// RFC 5530 §3: OVERQUOTA "the user would be over quota after the operation".
		if (reply.hasCode("OVERQUOTA")) {
			return new MessageImapException(SkipReason.OVER_QUOTA, message, failure);
		}
		// RFC 3501 §6.3.11: "If the destination mailbox does not exist, a server MUST return an error
		// [...] the server MUST send the response code [TRYCREATE]"; RFC 5530 §3: NONEXISTENT.
		if (reply.hasCode("TRYCREATE") || reply.hasCode("NONEXISTENT")) {
			return new FolderImapException(FolderImapException.Reason.NONEXISTENT, folder, message, failure);
		}
		// RFC 5530 §3: NOPERM "the access control system does not permit this user to carry out an
		// operation": every message of the folder would meet the same refusal.
		if (reply.hasCode("NOPERM")) {
			return new FolderImapException(FolderImapException.Reason.NOT_PERMITTED, folder, message, failure);
		}
		return new MessageImapException(SkipReason.REJECTED_BY_DESTINATION, message, failure);
	}

	/** RFC 3501 §6.3.1/§6.3.10: NO to SELECT or STATUS means "no such mailbox, can't access mailbox". */
	private static ImapException classifyOpen(ServerReply reply, Throwable failure, String folder, String message) {
		if (reply.hasCode("NOPERM")) {
			return new FolderImapException(FolderImapException.Reason.NOT_PERMITTED, folder, message, failure);
		}
		return new FolderImapException(FolderImapException.Reason.NONEXISTENT, folder, message, failure);
	}

	private static ImapException classifyFetch(ServerReply reply, Throwable failure, String message) {
		// RFC 5530 §3: EXPUNGEISSUED "someone else has issued an EXPUNGE for the same mailbox".
		if (reply.hasCode("EXPUNGEISSUED") || reply.mentions("expunged")) {
			return new MessageImapException(SkipReason.EXPUNGED_AT_SOURCE, message, failure);
		}
		// RFC 3501 §6.4.5 "NO - fetch error: can't fetch that data" says nothing more: retry, and
		// the worker gives up after its attempts.
		return new TransientImapException(message, failure);
	}

	private static ImapException overQuota(String message, Throwable failure) {
		return new MailboxImapException(MailboxImapException.Reason.OVER_QUOTA, message, failure);
	}

	/** No server answer: the network, TLS or the client library failed. */
	private static ImapException classifyLocal(Throwable failure, String where) {
		String message = where + " failed: " + describe(failure);
		if (find(failure, AuthenticationFailedException.class).isPresent()) {
			return new MailboxImapException(MailboxImapException.Reason.AUTHENTICATION, message, failure);
		}
		if (find(failure, SSLHandshakeException.class).isPresent()
				|| find(failure, SSLPeerUnverifiedException.class).isPresent()
				|| find(failure, CertificateException.class).isPresent() || mentionsStartTls(failure)) {
			return new MailboxImapException(MailboxImapException.Reason.TLS, message, failure);
		}
		if (find(failure, UnknownHostException.class).isPresent() || find(failure, ConnectException.class).isPresent()
				|| find(failure, NoRouteToHostException.class).isPresent()
				|| find(failure, SocketTimeoutException.class).isPresent()
				|| find(failure, ConnectionException.class).isPresent()
				|| find(failure, IOException.class).isPresent()) {
			return new TransientImapException(message, failure);
		}
		return new MailboxImapException(MailboxImapException.Reason.PROTOCOL, message, failure);
	}

	private static boolean mentionsStartTls(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t.getMessage() != null && t.getMessage().contains("STARTTLS")) {
				return true;
			}
		}
		return false;
	}

	/** A BYE Angus made up from a local IOException: the IOException tells more than the BYE. */
	private static boolean isSynthetic(Throwable failure) {
		return find(failure, ProtocolException.class).map(ProtocolException::getResponse)
			.map(response -> response.isSynthetic())
			.orElse(false);
	}

	private static Optional<ServerReply> serverReply(Throwable failure) {
		return find(failure, ProtocolException.class).flatMap(p -> ServerReply.of(p.getResponse()))
			.filter(reply -> !reply.status().isEmpty());
	}

	private static String describe(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
			if (text.length() > 0) {
				text.append(" <- ");
			}
			text.append(t.getClass().getSimpleName());
			if (t.getMessage() != null) {
				text.append(": ").append(t.getMessage());
			}
		}
		return text.toString();
	}

	private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
		int depth = 0;
		for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
			if (type.isInstance(t)) {
				return Optional.of(type.cast(t));
			}
		}
		return Optional.empty();
	}

}
