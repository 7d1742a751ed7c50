package io.mailmig.common.folder;

import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;

/**
 * IMAP modified UTF-7, the encoding of mailbox names on the wire (RFC 3501 §5.1.3).
 * <p>
 * Encoding delegates to Angus Mail's {@link BASE64MailboxEncoder}, which is public and produces the
 * canonical form. Decoding is done here because Angus's {@code BASE64MailboxDecoder} is lenient by
 * design: it silently drops characters it cannot decode and accepts an unterminated {@code &}, so a
 * malformed name would come out as a different, plausible name. This decoder is strict: a name is
 * accepted only when it is in the canonical form, i.e. when encoding the decoded result gives back
 * the very same bytes. That guarantees that a folder whose name is not translated is recreated at the
 * destination under a byte-identical wire name.
 */
public final class ModifiedUtf7 {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

	private ModifiedUtf7() {
	}

	/** The wire form of a mailbox name (or of one level of it). */
	public static String encode(String decoded) {
		if (decoded == null) {
			throw new IllegalArgumentException("name must not be null");
		}
		return BASE64MailboxEncoder.encode(decoded);
	}

	/**
	 * The name as the user sees it.
	 * @throws IllegalArgumentException when {@code wire} is not canonical modified UTF-7
	 */
	public static String decode(String wire) {
		if (wire == null) {
			throw new IllegalArgumentException("name must not be null");
		}
		StringBuilder out = new StringBuilder(wire.length());
		int i = 0;
		while (i < wire.length()) {
			char c = wire.charAt(i);
			// RFC 3501 §5.1.3: only printable US-ASCII (0x20-0x7e) appears outside of a shift sequence
			if (c < 0x20 || c > 0x7e) {
				throw malformed(wire, "character U+%04X must be encoded".formatted((int) c));
			}
			if (c != '&') {
				out.append(c);
				i++;
				continue;
			}
			int end = wire.indexOf('-', i + 1);
			if (end < 0) {
				throw malformed(wire, "'&' at " + i + " is not closed by '-'");
			}
			if (end == i + 1) {
				out.append('&');
			}
			else {
				out.append(decodeBase64(wire, i + 1, end));
			}
			i = end + 1;
		}
		String decoded = out.toString();
		if (!encode(decoded).equals(wire)) {
			// printable ASCII encoded in base64, two adjacent shift sequences, non-zero padding bits...
			throw malformed(wire, "not in canonical form (expected " + encode(decoded) + ")");
		}
		return decoded;
	}

	private static String decodeBase64(String wire, int from, int to) {
		StringBuilder utf16 = new StringBuilder();
		int bits = 0;
		int bitCount = 0;
		for (int i = from; i < to; i++) {
			int value = ALPHABET.indexOf(wire.charAt(i));
			if (value < 0) {
				throw malformed(wire, "'" + wire.charAt(i) + "' at " + i + " is not modified base64");
			}
			bits = (bits << 6) | value;
			bitCount += 6;
			if (bitCount >= 16) {
				bitCount -= 16;
				utf16.append((char) ((bits >> bitCount) & 0xffff));
			}
		}
		if (bitCount >= 6 || (bits & ((1 << bitCount) - 1)) != 0) {
			throw malformed(wire, "shift sequence ending at " + to + " has left-over bits");
		}
		String s = utf16.toString();
		for (int k = 0; k < s.length(); k++) {
			char ch = s.charAt(k);
			if (Character.isHighSurrogate(ch) && (k + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(k + 1)))
					|| Character.isLowSurrogate(ch) && (k == 0 || !Character.isHighSurrogate(s.charAt(k - 1)))) {
				throw malformed(wire, "unpaired UTF-16 surrogate");
			}
		}
		return s;
	}

	private static IllegalArgumentException malformed(String wire, String why) {
		return new IllegalArgumentException("'" + wire + "' is not a valid modified UTF-7 mailbox name: " + why);
	}

}
