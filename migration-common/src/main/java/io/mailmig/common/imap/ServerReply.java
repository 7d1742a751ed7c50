package io.mailmig.common.imap;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.angus.mail.iap.Response;

/**
 * A status response ({@code NO}, {@code BAD}, {@code BYE}...) reduced to what the failure classifier
 * needs: the status, the response code in brackets (RFC 3501 §7.1, RFC 5530) and the human-readable
 * text. The tag is dropped; the text is the server's, so it never holds our password.
 *
 * @param status {@code OK}, {@code NO}, {@code BAD}, {@code BYE} or {@code PREAUTH}, upper-case, or
 * empty when the line is not a status response
 * @param code the response code atom, upper-case (e.g. {@code OVERQUOTA}), or empty
 * @param text the whole text after the status, response code included
 */
record ServerReply(String status, String code, String text) {

	private static final Pattern STATUS = Pattern.compile("^(?:\\S+\\s+)?(OK|NO|BAD|BYE|PREAUTH)\\b\\s*(.*)$",
			Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	private static final Pattern CODE = Pattern.compile("^\\[([A-Za-z0-9.-]+)");

	static Optional<ServerReply> of(Response response) {
		if (response == null) {
			return Optional.empty();
		}
		return Optional.of(parse(response.toString()));
	}

	static ServerReply parse(String line) {
		String trimmed = line.strip();
		Matcher status = STATUS.matcher(trimmed);
		if (!status.matches()) {
			return new ServerReply("", "", trimmed);
		}
		String text = status.group(2);
		Matcher code = CODE.matcher(text);
		return new ServerReply(status.group(1).toUpperCase(Locale.ROOT),
				code.find() ? code.group(1).toUpperCase(Locale.ROOT) : "", text);
	}

	boolean hasCode(String wanted) {
		return this.code.equals(wanted);
	}

	boolean mentions(String words) {
		return this.text.toLowerCase(Locale.ROOT).contains(words);
	}

	@Override
	public String toString() {
		return (this.status.isEmpty() ? "" : this.status + " ") + this.text;
	}

}
