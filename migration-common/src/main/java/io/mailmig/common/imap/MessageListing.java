package io.mailmig.common.imap;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

/** What is in the selected folder: UID FETCH of summaries, UID SEARCH SINCE. */
final class MessageListing {

	/** RFC 3501 §9: date = date-text / DQUOTE date-text DQUOTE, date-text = date-day "-" date-month "-" date-year */
	private static final DateTimeFormatter SEARCH_DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.US)
		.withZone(ZoneOffset.UTC);

	private final IMAPProtocol protocol;

	MessageListing(IMAPProtocol protocol) {
		this.protocol = protocol;
	}

	/**
	 * One round trip: {@code UID FETCH from:to (UID FLAGS INTERNALDATE RFC822.SIZE)}. RFC 3501 §6.4.8
	 * makes {@code n:*} return the highest UID even when it is below n, so the answer is filtered.
	 */
	List<MessageSummary> summaries(long fromUid, long toUid) throws ProtocolException {
		Response[] responses = this.protocol.command(command(fromUid, toUid), null);
		this.protocol.handleResult(responses[responses.length - 1]);
		return summaries(responses, fromUid, toUid);
	}

	static String command(long fromUid, long toUid) {
		String range = fromUid + ":" + (toUid >= 0xFFFF_FFFFL ? "*" : Long.toString(toUid));
		return "UID FETCH " + range + " (UID FLAGS INTERNALDATE RFC822.SIZE)";
	}

	/** The summaries in the replies to {@link #command}, by UID. */
	static List<MessageSummary> summaries(Response[] responses, long fromUid, long toUid) {
		Map<Long, MessageSummary> summaries = new TreeMap<>();
		for (Response response : responses) {
			if (response instanceof FetchResponse fetch) {
				UID uid = fetch.getItem(UID.class);
				INTERNALDATE date = fetch.getItem(INTERNALDATE.class);
				RFC822SIZE size = fetch.getItem(RFC822SIZE.class);
				// unsolicited FETCH responses (flag changes by other sessions) carry no UID or no size
				if (uid == null || date == null || size == null || uid.uid < fromUid || uid.uid > toUid) {
					continue;
				}
				summaries.put(uid.uid, new MessageSummary(uid.uid, size.size,
						ImapFlags.names(fetch.getItem(FLAGS.class)), date.getDate().toInstant()));
			}
		}
		return new ArrayList<>(summaries.values());
	}

	/** {@code UID SEARCH SINCE date}: RFC 3501 §6.4.4, "disregarding time and timezone". */
	List<Long> since(Instant since) throws ProtocolException {
		Response[] responses = this.protocol.command("UID SEARCH SINCE " + SEARCH_DATE.format(since), null);
		this.protocol.handleResult(responses[responses.length - 1]);
		List<Long> uids = new ArrayList<>();
		for (Response response : responses) {
			if (response instanceof IMAPResponse line && line.keyEquals("SEARCH")) {
				for (long uid = line.readLong(); uid > 0; uid = line.readLong()) {
					uids.add(uid);
				}
			}
		}
		uids.sort(Comparator.naturalOrder());
		return uids;
	}

}
