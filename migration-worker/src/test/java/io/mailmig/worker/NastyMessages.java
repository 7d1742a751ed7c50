package io.mailmig.worker;

import java.nio.charset.StandardCharsets;

/** Messages that break naive copiers: each must arrive byte-identical, none dropped or merged. */
final class NastyMessages {

	private NastyMessages() {
	}

	static byte[] withoutMessageId() {
		return crlf("From: a@example.org\nTo: b@example.org\nSubject: no Message-ID here\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nbody\n");
	}

	static byte[] withMessageId(String messageId, String body) {
		return crlf("From: a@example.org\nSubject: shared id\nMessage-ID: " + messageId
				+ "\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\n" + body + "\n");
	}

	/** Raw UTF-8 and Latin-1 bytes in headers, not RFC 2047 encoded. */
	static byte[] raw8bitHeaders() {
		byte[] utf8 = crlf("From: Zoé Müller <zoe@example.org>\nSubject: Réunion à 14h — café\n");
		byte[] latin1 = "X-Latin1: caf\u00e9 cr\u00e8me\r\n\r\n8-bit body: \u00e0 bient\u00f4t\r\n"
			.getBytes(StandardCharsets.ISO_8859_1);
		byte[] out = new byte[utf8.length + latin1.length];
		System.arraycopy(utf8, 0, out, 0, utf8.length);
		System.arraycopy(latin1, 0, out, utf8.length, latin1.length);
		return out;
	}

	static byte[] longLine(int length) {
		return crlf("From: a@example.org\nSubject: long line\n\n" + "x".repeat(length) + "\nend\n");
	}

	/** Headers, the blank line, and nothing else. */
	static byte[] emptyBody() {
		return crlf("From: a@example.org\nSubject: empty body\n\n");
	}

	static byte[] nestedRfc822() {
		return crlf("""
				From: a@example.org
				Subject: forwarded
				MIME-Version: 1.0
				Content-Type: multipart/mixed; boundary="outer"

				--outer
				Content-Type: text/plain

				see attached
				--outer
				Content-Type: message/rfc822

				From: c@example.org
				Subject: inner
				MIME-Version: 1.0
				Content-Type: multipart/alternative; boundary="inner"

				--inner
				Content-Type: text/plain

				inner text
				--inner--
				--outer--
				""");
	}

	static byte[] datedBefore1995() {
		return crlf("From: a@example.org\nSubject: old\nDate: Mon, 5 Apr 1993 06:07:08 +0000\n\nfrom 1993\n");
	}

	private static byte[] crlf(String text) {
		return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
	}

}
