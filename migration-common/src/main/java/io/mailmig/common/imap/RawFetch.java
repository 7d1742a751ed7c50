package io.mailmig.common.imap;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import io.mailmig.common.event.SkipReason;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

/**
 * Streams one message's exact bytes ({@code BODY.PEEK[]}, RFC 3501 §6.4.5: PEEK does not set
 * {@code \Seen}) into a sink.
 * <p>
 * Angus reads a whole literal into memory, so the message is asked for in partial ranges
 * {@code BODY.PEEK[]<offset.rangeSize>}: a message up to {@code rangeSize} bytes comes in one round
 * trip, a larger one in several, and never more than one range is held in the heap. The first request
 * also asks for RFC822.SIZE so a message of exactly {@code rangeSize} bytes needs no second trip.
 */
final class RawFetch {

	private final IMAPProtocol protocol;

	private final int rangeSize;

	RawFetch(IMAPProtocol protocol, int rangeSize) {
		this.protocol = protocol;
		this.rangeSize = rangeSize;
	}

	/** @return the number of bytes written to the sink */
	long fetch(String folder, long uid, OutputStream sink) throws ProtocolException {
		return fetch(folder, uid, (bytes, offset, length) -> {
			try {
				sink.write(bytes, offset, length);
			}
			catch (IOException ex) {
				// not an IMAP failure: whoever reads the sink failed
				throw new UncheckedIOException("Could not write the fetched message to its sink", ex);
			}
		});
	}

	/**
	 * Each range handed to the sink as Angus read it, not copied, and checked to start where the previous
	 * one ended.
	 * <p>
	 * One range per round trip. Dovecot answers pipelined FETCHes of large ranges out of order, as RFC
	 * 3501 §5.5 allows (asked for the 8 MB ranges of a 28 MB message at once, it sent the one at 16 MB
	 * before the one at 8 MB), and holding a range until its turn would cost 8 MB more per message; a
	 * message up to the range size, the common case, takes one round trip either way. Nor smaller ranges:
	 * Dovecot finds the start of a range by reading the message from its beginning, so 256 KB ranges
	 * cost it 4.8 ms of CPU for a 3 MB message read whole for 1.8 ms.
	 * @return the number of bytes delivered
	 */
	long fetch(String folder, long uid, ImapSession.RangeSink sink) throws ProtocolException {
		long offset = 0;
		long size = -1;
		while (true) {
			String items = (offset == 0) ? "(RFC822.SIZE BODY.PEEK[]<0." + this.rangeSize + ">)"
					: "(BODY.PEEK[]<" + offset + "." + this.rangeSize + ">)";
			Response[] responses = this.protocol.command("UID FETCH " + uid + " " + items, null);
			this.protocol.handleResult(responses[responses.length - 1]);
			FetchResponse fetched = find(responses, uid);
			BODY body = (fetched != null) ? fetched.getItem(BODY.class) : null;
			if (body == null) {
				// RFC 3501 §6.4.8: UID FETCH of a UID that does not exist answers OK with no data.
				throw new MessageImapException(SkipReason.EXPUNGED_AT_SOURCE,
						"UID " + uid + " no longer exists in '" + folder + "'" + (offset > 0 ? " (expunged mid-fetch)" : ""),
						null);
			}
			if (body.getOrigin() >= 0 && body.getOrigin() != offset) {
				throw new ProtocolException("FETCH answered origin " + body.getOrigin() + " for offset " + offset);
			}
			if (offset == 0 && fetched.getItem(RFC822SIZE.class) != null) {
				size = fetched.getItem(RFC822SIZE.class).size;
			}
			ByteArray data = body.getByteArray();
			int count = (data == null) ? 0 : data.getCount();
			if (count > 0) {
				sink.accept(data.getBytes(), data.getStart(), count);
			}
			offset += count;
			// RFC 3501 §6.4.5: a partial fetch past the end returns the octets that remain, so a
			// short range is the last one.
			if (count < this.rangeSize || offset == size) {
				return offset;
			}
		}
	}

	/**
	 * Whole messages in one {@code UID FETCH set (UID BODY.PEEK[])}; each one found goes to the sink.
	 * @return the UIDs the server sent no data for (expunged)
	 */
	java.util.Set<Long> fetchAll(java.util.List<Long> uids, ImapSession.RawMessageSink sink) throws ProtocolException {
		if (uids.isEmpty()) {
			return new java.util.LinkedHashSet<>();
		}
		return delivered(this.protocol, this.protocol.command(fetchAllCommand(uids), null), uids, sink);
	}

	/** {@code UID FETCH set (UID BODY.PEEK[])} of {@link #fetchAll}. */
	static String fetchAllCommand(java.util.List<Long> uids) {
		return "UID FETCH " + uids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))
				+ " (UID BODY.PEEK[])";
	}

	/**
	 * The messages of a reply to {@link #fetchAllCommand}, each to the sink.
	 * @return the UIDs the server sent no data for (expunged)
	 */
	static java.util.Set<Long> delivered(IMAPProtocol protocol, Response[] responses, java.util.List<Long> uids,
			ImapSession.RawMessageSink sink) throws ProtocolException {
		java.util.Set<Long> missing = new java.util.LinkedHashSet<>(uids);
		protocol.handleResult(responses[responses.length - 1]);
		for (Response response : responses) {
			if (response instanceof FetchResponse fetch && fetch.getItem(BODY.class) != null
					&& fetch.getItem(UID.class) != null && missing.remove(fetch.getItem(UID.class).uid)) {
				ByteArray data = fetch.getItem(BODY.class).getByteArray();
				if (data == null) {
					sink.accept(fetch.getItem(UID.class).uid, new byte[0], 0, 0);
				}
				else {
					sink.accept(fetch.getItem(UID.class).uid, data.getBytes(), data.getStart(), data.getCount());
				}
			}
		}
		return missing;
	}

	private static FetchResponse find(Response[] responses, long uid) {
		for (Response response : responses) {
			if (response instanceof FetchResponse fetch && fetch.getItem(BODY.class) != null) {
				UID item = fetch.getItem(UID.class);
				if (item == null || item.uid == uid) {
					return fetch;
				}
			}
		}
		return null;
	}


}
