package io.mailmig.common.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import io.mailmig.common.imap.MessageContent;

/**
 * Deterministic raw RFC 5322 messages for tests: the same call always gives the same bytes, so a test
 * may compare digests. Every line ends with CRLF (RFC 5322 §2.1): IMAP servers hand back {@code BODY[]}
 * with CRLF line endings (RFC 3501 §2.2, Dovecot stores LF and adds the CR when it serves the
 * message), so a message with bare LFs would not come back byte-identical and would make a faithful
 * copy look broken.
 * <p>
 * {@link #nasty()} is the set that trips naive copiers; {@link #ordinary(int, int)} makes bulk corpora.
 */
public final class TestMessages {

	/** Size of the decoded attachment of {@link #largeAttachment()}: 25 MiB, rounded up to whole lines. */
	public static final int LARGE_ATTACHMENT_BYTES = 25 * 1024 * 1024;

	private static final String CRLF = "\r\n";

	private static final String[] WORDS = { "migration", "mailbox", "message", "folder", "server", "réunion",
			"budget", "planning", "rapport", "client", "facture", "lundi", "projet", "équipe", "the", "and", "of",
			"to", "a", "in", "pour", "avec", "dans", "une", "les" };

	private TestMessages() {
	}

	/** A plain message: the baseline every copier gets right. */
	public static byte[] plain() {
		return message("""
				From: Alice Martin <alice@example.org>
				To: Bob Durand <bob@example.net>
				Subject: Plain message
				Date: Mon, 13 Jan 2025 09:15:00 +0100
				Message-ID: <plain-1@test.mailmig.io>
				MIME-Version: 1.0
				Content-Type: text/plain; charset=us-ascii

				Hello Bob,

				A plain message.
				""");
	}

	/** No {@code Message-ID} header at all: deduplication cannot key on it. */
	public static byte[] noMessageId() {
		return message("""
				From: alice@example.org
				To: bob@example.net
				Subject: No Message-ID here
				Date: Tue, 14 Jan 2025 10:00:00 +0100
				MIME-Version: 1.0
				Content-Type: text/plain; charset=us-ascii

				Nothing identifies this message but its content.
				""");
	}

	/** Two different messages that carry the same {@code Message-ID}. */
	public static List<byte[]> sameMessageIdPair() {
		String head = """
				From: alice@example.org
				To: bob@example.net
				Date: Wed, 15 Jan 2025 11:00:00 +0100
				Message-ID: <reused@test.mailmig.io>
				""";
		return List.of(message(head + "Subject: First of two with one Message-ID\n\nFirst body.\n"),
				message(head + "Subject: Second of two with one Message-ID\n\nSecond, different body.\n"));
	}

	/** The same bytes twice: a mailbox may legitimately hold exact duplicates, and both must arrive. */
	public static List<byte[]> exactDuplicatePair() {
		byte[] one = message("""
				From: alice@example.org
				To: bob@example.net
				Subject: Exact duplicate
				Date: Thu, 16 Jan 2025 12:00:00 +0100
				Message-ID: <duplicate@test.mailmig.io>

				Delivered twice.
				""");
		return List.of(one, one.clone());
	}

	/** Raw 8-bit header values (UTF-8 and ISO-8859-1), not RFC 2047-encoded, and an 8-bit body. */
	public static byte[] raw8BitHeaders() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		write(out, crlf("""
				From: "Zoë Müller" <zoe@example.org>
				To: "François Lefèvre" <francois@example.net>
				Subject: Réunion à Paris — café ☕ 日本語
				Date: Fri, 17 Jan 2025 13:00:00 +0100
				Message-ID: <raw-8bit@test.mailmig.io>
				MIME-Version: 1.0
				Content-Type: text/plain; charset=utf-8
				Content-Transfer-Encoding: 8bit
				""").getBytes(StandardCharsets.UTF_8));
		write(out, ("X-Latin1: Caf\u00e9 cr\u00e8me" + CRLF).getBytes(StandardCharsets.ISO_8859_1));
		write(out, crlf("\nÀ bientôt, ça marche très bien.\n").getBytes(StandardCharsets.UTF_8));
		return out.toByteArray();
	}

	/** A body line of 2,500 characters, far over RFC 5322's 998 limit: servers and copiers must not fold it. */
	public static byte[] longLine() {
		return message("""
				From: alice@example.org
				To: bob@example.net
				Subject: A very long line
				Date: Sat, 18 Jan 2025 14:00:00 +0100
				Message-ID: <long-line@test.mailmig.io>

				""" + "0123456789".repeat(250) + "\nend\n");
	}

	/** Headers, then the empty line, then nothing: the message ends with CRLF CRLF. */
	public static byte[] emptyBody() {
		return message("""
				From: alice@example.org
				To: bob@example.net
				Subject: Empty body
				Date: Sun, 19 Jan 2025 15:00:00 +0100
				Message-ID: <empty-body@test.mailmig.io>

				""");
	}

	/** A message forwarded as an attachment: message/rfc822 inside multipart/mixed, twice nested. */
	public static byte[] nestedRfc822() {
		return message("""
				From: alice@example.org
				To: bob@example.net
				Subject: Fwd: Fwd: nested
				Date: Mon, 20 Jan 2025 16:00:00 +0100
				Message-ID: <nested-outer@test.mailmig.io>
				MIME-Version: 1.0
				Content-Type: multipart/mixed; boundary="outer"

				--outer
				Content-Type: text/plain

				See the forwarded message.
				--outer
				Content-Type: message/rfc822

				From: carol@example.com
				Subject: Fwd: nested
				Message-ID: <nested-middle@test.mailmig.io>
				MIME-Version: 1.0
				Content-Type: multipart/mixed; boundary="inner"

				--inner
				Content-Type: text/plain

				Middle.
				--inner
				Content-Type: message/rfc822

				From: dave@example.com
				Subject: nested
				Message-ID: <nested-inner@test.mailmig.io>

				Innermost.
				--inner--
				--outer--
				""");
	}

	/** A {@code Date} header from 1994, before many servers' epoch assumptions. */
	public static byte[] before1995() {
		return message("""
				From: alice@example.org
				To: bob@example.net
				Subject: Old message
				Date: Tue, 14 Jun 1994 09:30:00 +0200
				Message-ID: <old-1994@test.mailmig.io>

				Written in 1994.
				""");
	}

	/** The small nasty messages by name (the 25 MiB one is {@link #largeAttachment()}). */
	public static Map<String, byte[]> nasty() {
		Map<String, byte[]> all = new LinkedHashMap<>();
		all.put("plain", plain());
		all.put("no-message-id", noMessageId());
		all.put("same-message-id-1", sameMessageIdPair().get(0));
		all.put("same-message-id-2", sameMessageIdPair().get(1));
		all.put("exact-duplicate-1", exactDuplicatePair().get(0));
		all.put("exact-duplicate-2", exactDuplicatePair().get(1));
		all.put("raw-8bit-headers", raw8BitHeaders());
		all.put("long-line", longLine());
		all.put("empty-body", emptyBody());
		all.put("nested-rfc822", nestedRfc822());
		all.put("before-1995", before1995());
		return all;
	}

	/**
	 * A message of about {@code approxSize} bytes, the same for the same seed.
	 * @param seed distinguishes messages (subject, Message-ID, date, body)
	 * @param approxSize the size aimed at, at least the headers' size
	 */
	public static byte[] ordinary(int seed, int approxSize) {
		SplittableRandom random = new SplittableRandom(seed);
		StringBuilder text = new StringBuilder();
		text.append("From: sender").append(seed % 17).append("@example.org\n")
			.append("To: bob@example.net\n")
			.append("Subject: Ordinary message ").append(seed).append('\n')
			.append("Date: ").append(date(seed)).append('\n')
			.append("Message-ID: <ordinary-").append(seed).append("@test.mailmig.io>\n")
			.append("MIME-Version: 1.0\n")
			.append("Content-Type: text/plain; charset=utf-8\n")
			.append("Content-Transfer-Encoding: 8bit\n\n");
		StringBuilder line = new StringBuilder();
		// CRLF adds one byte per line and accents one per character: close enough for "about"
		int size = text.length() + 9;
		while (size + line.length() < approxSize) {
			line.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
			if (line.length() > 70) {
				text.append(line.toString().stripTrailing()).append('\n');
				size += line.length() + 1;
				line.setLength(0);
			}
		}
		text.append(line.toString().stripTrailing()).append('\n');
		return message(text.toString());
	}

	/**
	 * A message with a {@value #LARGE_ATTACHMENT_BYTES}-byte attachment (about 34 MB once base64-encoded),
	 * generated as it is read.
	 */
	public static LargeMessage largeAttachment() {
		return largeAttachment(LARGE_ATTACHMENT_BYTES);
	}

	/** Like {@link #largeAttachment()}, with an attachment of at least {@code attachmentBytes}. */
	public static LargeMessage largeAttachment(int attachmentBytes) {
		int lines = (attachmentBytes + Base64Lines.BYTES_PER_LINE - 1) / Base64Lines.BYTES_PER_LINE;
		byte[] head = crlf("""
				From: alice@example.org
				To: bob@example.net
				Subject: Large attachment
				Date: Tue, 21 Jan 2025 17:00:00 +0100
				Message-ID: <large-attachment@test.mailmig.io>
				MIME-Version: 1.0
				Content-Type: multipart/mixed; boundary="large"

				--large
				Content-Type: text/plain

				The attachment is large.
				--large
				Content-Type: application/octet-stream; name="large.bin"
				Content-Disposition: attachment; filename="large.bin"
				Content-Transfer-Encoding: base64

				""").getBytes(StandardCharsets.US_ASCII);
		byte[] tail = crlf("--large--\n").getBytes(StandardCharsets.US_ASCII);
		long size = head.length + (long) lines * Base64Lines.LINE_BYTES + tail.length;
		return new LargeMessage(size, () -> new SequenceInputStream(
				java.util.Collections.enumeration(List.of(new java.io.ByteArrayInputStream(head),
						new Base64Lines(lines), new java.io.ByteArrayInputStream(tail)))));
	}

	/**
	 * A message too large to build casually.
	 *
	 * @param size its exact size in bytes
	 * @param content opens a fresh stream of its bytes on each call
	 */
	public record LargeMessage(long size, Supplier<InputStream> content) {

		public InputStream open() {
			return content.get();
		}

		/** The whole message in memory. */
		public byte[] bytes() {
			if (size > Integer.MAX_VALUE - 8) {
				throw new IllegalStateException("too large for an array: " + size);
			}
			try (InputStream in = open()) {
				return in.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/** Base64 lines of pseudo-random bytes (57 bytes make one 76-character line, RFC 2045 §6.8). */
	private static final class Base64Lines extends InputStream {

		static final int BYTES_PER_LINE = 57;

		static final int LINE_BYTES = 78;

		private final SplittableRandom random = new SplittableRandom(25);

		private final byte[] raw = new byte[BYTES_PER_LINE];

		private final byte[] line = new byte[LINE_BYTES];

		private int linesLeft;

		private int position = LINE_BYTES;

		Base64Lines(int lines) {
			this.linesLeft = lines;
		}

		@Override
		public int read() {
			if (!fill()) {
				return -1;
			}
			return line[position++] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) {
			if (len == 0) {
				return 0;
			}
			if (!fill()) {
				return -1;
			}
			int n = Math.min(len, LINE_BYTES - position);
			System.arraycopy(line, position, b, off, n);
			position += n;
			return n;
		}

		private boolean fill() {
			if (position < LINE_BYTES) {
				return true;
			}
			if (linesLeft == 0) {
				return false;
			}
			random.nextBytes(raw);
			Base64.getEncoder().encode(raw, line);
			line[76] = '\r';
			line[77] = '\n';
			linesLeft--;
			position = 0;
			return true;
		}

	}

	private static String date(int seed) {
		java.time.ZonedDateTime base = java.time.ZonedDateTime.parse("2024-01-01T08:00:00+01:00");
		return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(base.plusMinutes(seed * 37L));
	}

	/** Text blocks use LF; messages use CRLF. */
	static String crlf(String text) {
		return text.replace("\r\n", "\n").replace("\n", CRLF);
	}

	private static byte[] message(String text) {
		return crlf(text).getBytes(StandardCharsets.UTF_8);
	}

	private static void write(ByteArrayOutputStream out, byte[] bytes) {
		out.write(bytes, 0, bytes.length);
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
