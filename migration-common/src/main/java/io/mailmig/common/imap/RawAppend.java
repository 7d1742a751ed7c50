package io.mailmig.common.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mailmig.common.event.SkipReason;
import org.eclipse.angus.mail.iap.Argument;
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

	private final IMAPProtocol protocol;

	RawAppend(IMAPProtocol protocol) {
		this.protocol = protocol;
	}

	/** @return the UID from APPENDUID (RFC 4315 §3), when the server gives one */
	OptionalLong append(String folder, AppendRequest message) throws ProtocolException {
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
		Response[] responses = this.protocol.command("APPEND", args);
		Response result = responses[responses.length - 1];
		this.protocol.handleResult(result);
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
			try (InputStream in = this.content.open()) {
				byte[] buffer = new byte[64 * 1024];
				long remaining = this.content.size();
				while (remaining > 0) {
					int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
					if (read < 0) {
						break;
					}
					out.write(buffer, 0, read);
					remaining -= read;
				}
				if (remaining != 0 || in.read() >= 0) {
					// the literal length is already on the wire: the connection is unusable now
					throw new IOException("Message content does not have the " + this.content.size()
							+ " bytes it announced");
				}
			}
		}

	}

}
