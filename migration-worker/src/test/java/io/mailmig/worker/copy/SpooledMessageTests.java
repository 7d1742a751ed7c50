package io.mailmig.worker.copy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class SpooledMessageTests {

	private static final int MEMORY_LIMIT = 1000;

	@Test
	void keptMessageShouldReadWriteAndDigestExactlyItsSliceOfTheFetchBuffer() throws Exception {
		// given a fetch buffer with other bytes around the message
		byte[] buffer = random(700);
		byte[] message = Arrays.copyOfRange(buffer, 100, 600);

		try (SpooledMessage spool = new SpooledMessage(MEMORY_LIMIT)) {
			// when
			spool.keep(buffer, 100, 500);

			// then
			assertThat(spool.size()).isEqualTo(500);
			assertThat(spool.sha256()).isEqualTo(sha256(message));
			assertThat(written(spool)).isEqualTo(message);
			try (InputStream in = spool.open()) {
				assertThat(in.readAllBytes()).isEqualTo(message);
			}
			assertThat(written(spool)).as("written again, for a retried APPEND").isEqualTo(message);
		}
	}

	@Test
	void sameAsShouldTellTheMessagesBytesFromAnyOtherWhereverTheMessageIsHeld() throws Exception {
		// given the same message kept from a fetch buffer, written through the sink, and spooled to a file
		byte[] buffer = random(3 * MEMORY_LIMIT);
		byte[] small = Arrays.copyOfRange(buffer, 7, 7 + 500);
		byte[] large = Arrays.copyOfRange(buffer, 0, 2 * MEMORY_LIMIT);
		try (SpooledMessage kept = new SpooledMessage(MEMORY_LIMIT);
				SpooledMessage written = new SpooledMessage(MEMORY_LIMIT);
				SpooledMessage spooled = new SpooledMessage(MEMORY_LIMIT)) {
			kept.keep(buffer, 7, 500);
			try (OutputStream sink = written.sink()) {
				sink.write(small);
			}
			written.complete();
			spooled.keep(large, 0, large.length);

			// then each knows its own bytes, at any offset of any buffer
			byte[] elsewhere = new byte[600];
			System.arraycopy(small, 0, elsewhere, 50, small.length);
			for (SpooledMessage spool : new SpooledMessage[] { kept, written }) {
				assertThat(spool.sameAs(small, 0, small.length)).isTrue();
				assertThat(spool.sameAs(elsewhere, 50, small.length)).isTrue();
				byte[] altered = small.clone();
				altered[499] ^= 1;
				assertThat(spool.sameAs(altered, 0, altered.length)).as("last byte altered").isFalse();
				assertThat(spool.sameAs(small, 0, small.length - 1)).as("one byte short").isFalse();
			}
			assertThat(spooled.sameAs(large, 0, large.length)).isTrue();
			byte[] altered = large.clone();
			altered[MEMORY_LIMIT] ^= 1;
			assertThat(spooled.sameAs(altered, 0, altered.length)).as("spooled to a file, compared by digest")
				.isFalse();
		}
	}

	@Test
	void keptMessageOverTheMemoryLimitShouldGoToAFileAndReadBackTheSame() throws Exception {
		// given
		byte[] buffer = random(3 * MEMORY_LIMIT);

		try (SpooledMessage spool = new SpooledMessage(MEMORY_LIMIT)) {
			// when
			spool.keep(buffer, 10, 2 * MEMORY_LIMIT);
			// the buffer is not the spool's: changing it afterwards changes nothing
			Arrays.fill(buffer, (byte) 0);

			// then
			byte[] message = Arrays.copyOfRange(random(3 * MEMORY_LIMIT), 10, 10 + 2 * MEMORY_LIMIT);
			assertThat(spool.size()).isEqualTo(2 * MEMORY_LIMIT);
			assertThat(spool.sha256()).isEqualTo(sha256(message));
			assertThat(written(spool)).isEqualTo(message);
		}
	}

	@Test
	void keepShouldStartTheSpoolOverWhenAFetchIsRetried() throws Exception {
		try (SpooledMessage spool = new SpooledMessage(MEMORY_LIMIT)) {
			// given a first attempt that went to a file
			spool.keep(random(2 * MEMORY_LIMIT), 0, 2 * MEMORY_LIMIT);

			// when
			byte[] retried = "Subject: retried\r\n\r\nbody\r\n".getBytes();
			spool.keep(retried, 0, retried.length);

			// then
			assertThat(spool.size()).isEqualTo(retried.length);
			assertThat(spool.sha256()).isEqualTo(sha256(retried));
			assertThat(written(spool)).isEqualTo(retried);
		}
	}

	@Test
	void messageWrittenInPiecesShouldWriteTheSameBytes() throws Exception {
		// given the ranged fetch's way: several writes
		byte[] message = random(900);

		try (SpooledMessage spool = new SpooledMessage(MEMORY_LIMIT)) {
			try (OutputStream sink = spool.sink()) {
				sink.write(message, 0, 300);
				sink.write(message, 300, 600);
			}
			spool.complete();

			// then
			assertThat(spool.sha256()).isEqualTo(sha256(message));
			assertThat(written(spool)).isEqualTo(message);
			try (InputStream in = spool.open()) {
				assertThat(in.readAllBytes()).isEqualTo(message);
			}
		}
	}

	@Test
	void contentShorterThanItsSizeShouldFailTheWrite() {
		// given a content that announces more than it has (the literal length is already on the wire)
		io.mailmig.common.imap.MessageContent shortContent = new io.mailmig.common.imap.MessageContent() {

			@Override
			public long size() {
				return 10;
			}

			@Override
			public InputStream open() {
				return new java.io.ByteArrayInputStream(new byte[4]);
			}

		};

		// when / then
		assertThatIOException().isThrownBy(() -> shortContent.writeTo(new ByteArrayOutputStream()))
			.withMessageContaining("10 bytes");
	}

	private static byte[] written(SpooledMessage spool) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		spool.writeTo(out);
		return out.toByteArray();
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	private static byte[] sha256(byte[] bytes) throws Exception {
		return MessageDigest.getInstance("SHA-256").digest(bytes);
	}

}
