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
	void rangesWithAReservationShouldBeHeldInPooledSegmentsAndReadWriteCompareAndFreeTheReservation()
			throws Exception {
		// given a worker budget with room for the message, and its ranges as a fetch hands them over
		int segment = SpoolMemory.SEGMENT;
		SpoolMemory memory = new SpoolMemory(8L * segment, 4L * segment);
		byte[] message = random(2 * segment + 1000);
		byte[][] ranges = { Arrays.copyOfRange(message, 0, 1024), Arrays.copyOfRange(message, 1024, segment + 7),
				Arrays.copyOfRange(message, segment + 7, message.length) };

		try (SpooledMessage spool = new SpooledMessage(MEMORY_LIMIT, memory.tryReserve(message.length))) {
			assertThat(memory.reserved()).as("whole segments").isEqualTo(3L * segment);
			// when
			io.mailmig.common.imap.ImapSession.RangeSink sink = spool.ranges();
			for (byte[] range : ranges) {
				sink.accept(range, 0, range.length);
			}
			spool.complete();
			// the fetch's arrays are not the spool's
			for (byte[] range : ranges) {
				Arrays.fill(range, (byte) 0);
			}

			// then
			assertThat(written(spool)).isEqualTo(message);
			assertThat(written(spool)).as("written again, for a retried APPEND").isEqualTo(message);
			try (InputStream in = spool.open()) {
				assertThat(in.readAllBytes()).isEqualTo(message);
			}
			assertThat(spool.sha256()).isEqualTo(sha256(message));
			byte[] altered = message.clone();
			altered[segment + 5] ^= 1;
			assertThat(spool.sameAs(message, 0, message.length)).isTrue();
			assertThat(spool.sameAs(altered, 0, altered.length)).isFalse();
			// compared as read back, cut into other ranges than fetched
			assertThat(readBack(spool, message, 700)).isTrue();
			assertThat(readBack(spool, message, message.length)).isTrue();
			assertThat(readBack(spool, altered, 700)).as("one byte differs").isFalse();
			assertThat(readBack(spool, Arrays.copyOf(message, message.length - 1), 700)).as("one byte short").isFalse();
			assertThat(readBack(spool, Arrays.copyOf(message, message.length + 1), 700)).as("one byte more").isFalse();
		}
		assertThat(memory.reserved()).as("released when the message is closed").isZero();
		assertThat(memory.pooled()).as("its segments back in the pool, for the next message").isEqualTo(3);

		// and the next message reuses them, without a byte of the previous one
		byte[] next = random(segment / 2);
		try (SpooledMessage spool = new SpooledMessage(MEMORY_LIMIT, memory.tryReserve(next.length))) {
			spool.ranges().accept(next, 0, next.length);
			spool.complete();
			assertThat(memory.pooled()).isEqualTo(2);
			assertThat(written(spool)).isEqualTo(next);
			assertThat(readBack(spool, next, 1000)).isTrue();
		}
	}

	@Test
	void rangesWithoutAReservationShouldGoToAFileAndBeComparedByDigest() throws Exception {
		// given a budget without room: the message is spooled to a file, as before budgets
		SpoolMemory memory = new SpoolMemory(2L * SpoolMemory.SEGMENT, SpoolMemory.SEGMENT);
		byte[] message = random(3 * MEMORY_LIMIT);
		assertThat(memory.tryReserve(SpoolMemory.SEGMENT + 1)).as("larger than a message may be").isNull();

		try (SpooledMessage spool = new SpooledMessage(MEMORY_LIMIT, null)) {
			io.mailmig.common.imap.ImapSession.RangeSink sink = spool.ranges();
			sink.accept(message, 0, 1000);
			sink.accept(message, 1000, message.length - 1000);
			spool.complete();
			// the fetch's arrays are not the spool's
			byte[] original = message.clone();
			Arrays.fill(message, (byte) 0);

			assertThat(written(spool)).isEqualTo(original);
			assertThat(readBack(spool, original, 512)).isTrue();
			byte[] altered = original.clone();
			altered[2999] ^= 1;
			assertThat(readBack(spool, altered, 512)).isFalse();
		}
	}

	@Test
	void heldMessageLargerThanItsReservationShouldMoveToAFileAndFreeTheReservation() throws Exception {
		// given a message that turns out larger than its listing said
		SpoolMemory memory = new SpoolMemory(4L * SpoolMemory.SEGMENT, 4L * SpoolMemory.SEGMENT);
		byte[] message = random(3 * MEMORY_LIMIT);

		try (SpooledMessage spool = new SpooledMessage(MEMORY_LIMIT, memory.tryReserve(2 * MEMORY_LIMIT))) {
			io.mailmig.common.imap.ImapSession.RangeSink sink = spool.ranges();
			sink.accept(Arrays.copyOfRange(message, 0, 1500), 0, 1500);
			assertThat(memory.reserved()).isEqualTo(SpoolMemory.SEGMENT);
			sink.accept(Arrays.copyOfRange(message, 1500, 3000), 0, 1500);
			spool.complete();

			// then
			assertThat(memory.reserved()).as("the file holds it now").isZero();
			assertThat(written(spool)).isEqualTo(message);
			assertThat(spool.sha256()).isEqualTo(sha256(message));
			assertThat(readBack(spool, message, 1000)).isTrue();
		}
	}

	@Test
	void spoolMemoryShouldGrantReservationsOfWholeSegmentsWithinItsBudgetOnly() {
		int segment = SpoolMemory.SEGMENT;
		SpoolMemory memory = new SpoolMemory(4L * segment, 3L * segment);
		assertThat(memory.tryReserve(3L * segment + 1)).as("over the per-message limit").isNull();
		SpoolMemory.Reservation first = memory.tryReserve(2L * segment + 1);
		assertThat(first).isNotNull();
		assertThat(memory.reserved()).isEqualTo(3L * segment);
		assertThat(memory.tryReserve(segment + 1)).as("over what is left").isNull();
		SpoolMemory.Reservation second = memory.tryReserve(segment);
		assertThat(second).isNotNull();
		assertThat(memory.reserved()).isEqualTo(4L * segment);
		first.release();
		first.release();
		assertThat(memory.reserved()).as("released once").isEqualTo(segment);
		second.release();
		assertThat(new SpoolMemory(0, 0).tryReserve(1)).as("a budget of 0 holds nothing").isNull();
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

	/** The spool compared with {@code bytes} read back in ranges of {@code range}. */
	private static boolean readBack(SpooledMessage spool, byte[] bytes, int range) {
		SpooledMessage.Comparison comparison = spool.comparison();
		for (int at = 0; at < bytes.length; at += range) {
			byte[] piece = Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + range));
			comparison.accept(piece, 0, piece.length);
		}
		return comparison.identical();
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
