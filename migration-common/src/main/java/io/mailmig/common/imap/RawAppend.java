package io.mailmig.common.imap;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mailmig.common.event.SkipReason;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * APPEND of raw bytes (RFC 3501 §6.3.11) with flags and INTERNALDATE. The literal streams from
 * {@link MessageContent#open()} straight into the socket: the message is never held in memory.
 */
final class RawAppend {

	/** RFC 3501 §9 date-time, written in UTC: only the instant has to survive the copy. */
	private static final DateTimeFormatter INTERNALDATE = DateTimeFormatter
		.ofPattern("dd-MMM-yyyy HH:mm:ss '+0000'", Locale.US)
		.withZone(ZoneOffset.UTC);

	/** RFC 4315 §3: resp-code-apnd = "APPENDUID" SP nz-number SP append-uid */
	private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID (\\d+) (\\d+)\\]",
			Pattern.CASE_INSENSITIVE);

	/** The same, with a UID set (MULTIAPPEND). */
	private static final Pattern APPENDUID_SET = Pattern.compile("\\[APPENDUID (\\d+) ([0-9:,]+)\\]",
			Pattern.CASE_INSENSITIVE);

	private final IMAPProtocol protocol;

	RawAppend(IMAPProtocol protocol) {
		this.protocol = protocol;
	}

	/** @return the UID from APPENDUID (RFC 4315 §3), when the server gives one */
	OptionalLong append(String folder, AppendRequest message) throws ProtocolException {
		Response[] responses = this.protocol.command("APPEND", arguments(folder, message));
		Response result = responses[responses.length - 1];
		this.protocol.handleResult(result);
		return appendUid(result);
	}

	/**
	 * Pipelined APPENDs (needs LITERAL+, RFC 7888, so no literal waits for a continuation): all commands
	 * are written, then the tagged replies are read and matched to their command by tag.
	 * @throws IOException when the connection fails; outcomes not reported by then are unknown
	 */
	void appendAll(String folder, List<AppendRequest> messages, ImapSession.AppendOutcomes outcomes)
			throws ProtocolException, IOException {
		Map<String, Integer> pending = new HashMap<>();
		for (int i = 0; i < messages.size(); i++) {
			try {
				pending.put(this.protocol.writeCommand("APPEND", arguments(folder, messages.get(i))), i);
			}
			catch (MessageImapException ex) {
				outcomes.refused(i, ex);
			}
		}
		ImapException folderFailure = null;
		boolean uidMissing = false;
		while (!pending.isEmpty()) {
			Response response = this.protocol.readResponse();
			if (response.isBYE()) {
				throw new ConnectionException(this.protocol, response);
			}
			Integer index = response.isTagged() ? pending.remove(response.getTag()) : null;
			if (index == null) {
				continue; // untagged EXISTS, RECENT…: nothing to act on
			}
			try {
				this.protocol.handleResult(response);
				OptionalLong uid = appendUid(response);
				if (uid.isEmpty()) {
					uidMissing = true; // stored, but where? resolved by the caller as an unknown outcome
					continue;
				}
				outcomes.appended(index, uid);
			}
			catch (ProtocolException ex) {
				ImapException failure = ImapFailures.classify(ex, folder, ImapFailures.Operation.APPEND);
				if (failure instanceof MessageImapException refused) {
					outcomes.refused(index, refused);
				}
				else if (folderFailure == null) {
					folderFailure = failure;
				}
			}
		}
		if (folderFailure != null) {
			throw folderFailure;
		}
		if (uidMissing) {
			throw new TransientImapException(
					"APPEND to '" + folder + "' answered OK without APPENDUID although the server announces UIDPLUS", null);
		}
	}

	/**
	 * One MULTIAPPEND (RFC 3502) of every message: one command, one transaction at the server, which
	 * stores all of them or none.
	 * @return the new UIDs in the order of the messages (APPENDUID with a UID set, RFC 4315 §3), or null
	 * when the server refused the command: then nothing was stored
	 * @throws IOException when the connection fails: the outcome of the whole batch is unknown
	 */
	long[] multiAppend(String folder, List<AppendRequest> messages) throws ProtocolException, IOException {
		Argument args = new Argument();
		args.writeString(folder);
		for (AppendRequest message : messages) {
			if (message.content().size() > Integer.MAX_VALUE) {
				return null; // appended one by one, where this one is refused on its own
			}
			ImapFlags.flagList(message.flags()).ifPresent(args::writeAtom);
			args.writeString(formatInternalDate(message.internalDate()));
			args.writeBytes(new StreamingLiteral(message.content()));
		}
		Response[] responses = this.protocol.command("APPEND", args);
		Response result = responses[responses.length - 1];
		if (result.isBYE()) {
			throw new ConnectionException(this.protocol, result);
		}
		if (!result.isOK()) {
			return null;
		}
		Matcher set = APPENDUID_SET.matcher(result.toString());
		long[] uids = set.find() ? uidSet(set.group(2)) : new long[0];
		if (uids.length != messages.size()) {
			throw new TransientImapException("MULTIAPPEND to '" + folder + "' stored " + messages.size()
					+ " messages but APPENDUID names " + uids.length + " UIDs", null);
		}
		return uids;
	}

	/** RFC 4315 §3 uid-set, e.g. {@code 4:7,9}, in order; a range may be written high:low. */
	static long[] uidSet(String set) {
		List<Long> uids = new java.util.ArrayList<>();
		for (String part : set.split(",")) {
			int colon = part.indexOf(':');
			if (colon < 0) {
				uids.add(Long.parseLong(part));
				continue;
			}
			long from = Long.parseLong(part.substring(0, colon));
			long to = Long.parseLong(part.substring(colon + 1));
			for (long uid = Math.min(from, to); uid <= Math.max(from, to); uid++) {
				uids.add(uid);
			}
		}
		return uids.stream().mapToLong(Long::longValue).toArray();
	}

	private static Argument arguments(String folder, AppendRequest message) {
		if (message.content().size() > Integer.MAX_VALUE) {
			// Angus writes literal lengths as int
			throw new MessageImapException(SkipReason.TOO_BIG_FOR_DESTINATION,
					"A message of " + message.content().size() + " bytes cannot be appended (2 GB at most)", null);
		}
		Argument args = new Argument();
		args.writeString(folder);
		ImapFlags.flagList(message.flags()).ifPresent(args::writeAtom);
		args.writeString(formatInternalDate(message.internalDate()));
		args.writeBytes(new StreamingLiteral(message.content()));
		return args;
	}

	private static OptionalLong appendUid(Response result) {
		Matcher uid = APPENDUID.matcher(result.toString());
		return uid.find() ? OptionalLong.of(Long.parseLong(uid.group(2))) : OptionalLong.empty();
	}

	static String formatInternalDate(Instant instant) {
		return INTERNALDATE.format(instant);
	}

	/** Streams the message into the APPEND literal; the announced size must be the exact size. */
	private record StreamingLiteral(MessageContent content) implements Literal {

		@Override
		public int size() {
			return Math.toIntExact(this.content.size());
		}

		@Override
		public void writeTo(OutputStream out) throws IOException {
			// the literal length is already on the wire: a content short of it fails, the connection with it
			this.content.writeTo(out);
		}

	}

}
