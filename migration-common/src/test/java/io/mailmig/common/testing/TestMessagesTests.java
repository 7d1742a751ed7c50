package io.mailmig.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestMessagesTests {

	@Test
	void nastyShouldUseCrlfOnlyWhenAnyMessageIsBuilt() {
		// when
		Map<String, byte[]> nasty = TestMessages.nasty();

		// then
		assertThat(nasty).hasSize(11);
		nasty.forEach((name, bytes) -> assertThat(bareLineEnds(bytes)).as(name).isZero());
		assertThat(bareLineEnds(TestMessages.ordinary(7, 10_000))).isZero();
	}

	@Test
	void nastyShouldBeDeterministicWhenCalledTwice() {
		// when / then
		TestMessages.nasty().forEach((name, bytes) -> assertThat(TestMessages.nasty().get(name)).as(name).isEqualTo(bytes));
		assertThat(TestMessages.ordinary(42, 5000)).isEqualTo(TestMessages.ordinary(42, 5000))
			.isNotEqualTo(TestMessages.ordinary(43, 5000));
	}

	@Test
	void nastyShouldHoldEachTrapWhenInspected() {
		// given
		Map<String, byte[]> nasty = TestMessages.nasty();

		// then
		assertThat(text(TestMessages.noMessageId())).doesNotContainIgnoringCase("Message-ID:");
		assertThat(nasty.get("same-message-id-1")).isNotEqualTo(nasty.get("same-message-id-2"));
		assertThat(messageId(nasty.get("same-message-id-1"))).isEqualTo(messageId(nasty.get("same-message-id-2")));
		assertThat(nasty.get("exact-duplicate-1")).isEqualTo(nasty.get("exact-duplicate-2"));
		byte[] raw = TestMessages.raw8BitHeaders();
		String head = new String(raw, 0, indexOf(raw, "\r\n\r\n".getBytes()), StandardCharsets.ISO_8859_1);
		assertThat(head.chars().filter(c -> c > 127).count()).isGreaterThan(10);
		assertThat(text(TestMessages.longLine()).lines().mapToInt(String::length).max().getAsInt()).isGreaterThan(2000);
		assertThat(text(TestMessages.emptyBody())).endsWith("\r\n\r\n").containsOnlyOnce("\r\n\r\n");
		assertThat(text(TestMessages.nestedRfc822())).containsSubsequence("message/rfc822", "message/rfc822");
		assertThat(text(TestMessages.before1995())).contains("Date: Tue, 14 Jun 1994 09:30:00 +0200");
	}

	@Test
	void ordinaryShouldBeCloseToRequestedSizeWhenSizeIsLarge() {
		// when
		byte[] message = TestMessages.ordinary(1, 100_000);

		// then
		assertThat(message.length).isBetween(95_000, 105_000);
		assertThat(text(message)).contains("Message-ID: <ordinary-1@test.mailmig.io>");
	}

	@Test
	void largeAttachmentShouldStreamExactlyItsSizeWhenRead() throws IOException, NoSuchAlgorithmException {
		// given
		TestMessages.LargeMessage large = TestMessages.largeAttachment();

		// when
		long read = 0;
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		try (InputStream in = new DigestInputStream(large.open(), digest)) {
			byte[] buffer = new byte[65536];
			for (int n; (n = in.read(buffer)) > 0;) {
				read += n;
			}
		}

		// then
		assertThat(read).isEqualTo(large.size()).isGreaterThan(34_000_000L);
		byte[] bytes = large.bytes();
		assertThat(bytes).hasSize((int) large.size());
		assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
			.isEqualTo(HexFormat.of().formatHex(digest.digest()));
		assertThat(bareLineEnds(bytes)).isZero();
	}

	private static long bareLineEnds(byte[] bytes) {
		long bare = 0;
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
				bare++;
			}
			if (bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n')) {
				bare++;
			}
		}
		return bare;
	}

	private static String messageId(byte[] message) {
		return text(message).lines().filter(l -> l.startsWith("Message-ID:")).findFirst().orElseThrow();
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		return text(haystack).indexOf(new String(needle, StandardCharsets.ISO_8859_1));
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}

}
