package io.mailmig.common.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import io.mailmig.common.imap.MessageContent;

/**
 * RFC 5322 messages for tests, with CRLF line ends and raw 8-bit bytes in them so that any
 * re-encoding on the way shows up as a byte difference.
 */
public final class TestMessages {

	private TestMessages() {
	}

	/** A small message whose subject and body name it. */
	public static byte[] small(String subject) {
		return ("From: Émile <emile@example.org>\r\n" + "To: user1@example.org\r\n" + "Subject: " + subject + "\r\n"
				+ "Date: Sat, 1 Jan 1994 10:00:00 +0100\r\n" + "Message-ID: <" + subject.hashCode() + "@example.org>\r\n"
				+ "MIME-Version: 1.0\r\n" + "Content-Type: text/plain; charset=UTF-8\r\n"
				+ "Content-Transfer-Encoding: 8bit\r\n" + "\r\n" + "Bonjour, voilà " + subject + " — à bientôt.\r\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A message of exactly {@code size} bytes: headers, then lines of printable text (varying, so that
	 * a misplaced range shows).
	 */
	public static byte[] ofSize(String subject, int size) {
		byte[] head = ("Subject: " + subject + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		if (size < head.length + 2) {
			throw new IllegalArgumentException("size must be at least " + (head.length + 2));
		}
		byte[] message = new byte[size];
		System.arraycopy(head, 0, message, 0, head.length);
		Random random = new Random(size);
		int column = 0;
		for (int i = head.length; i < size - 2; i++) {
			if (column == 76 && i + 1 < size - 2) {
				message[i++] = '\r';
				message[i] = '\n';
				column = 0;
			}
			else {
				message[i] = (byte) ('!' + random.nextInt(94));
				column++;
			}
		}
		message[size - 2] = '\r';
		message[size - 1] = '\n';
		return message;
	}

	/** Content that can be opened any number of times. */
	public static MessageContent content(byte[] bytes) {
		return new MessageContent() {

			@Override
			public long size() {
				return bytes.length;
			}

			@Override
			public InputStream open() {
				return new ByteArrayInputStream(bytes);
			}

		};
	}

}
