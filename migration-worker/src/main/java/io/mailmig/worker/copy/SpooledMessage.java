package io.mailmig.worker.copy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import io.mailmig.common.imap.MessageContent;

/**
 * A message between its fetch and its append: in memory up to a limit, in a temporary file beyond, so a
 * 25 MB attachment is never held whole in the heap. Its SHA-256 is computed while it is written. A message
 * fetched whole ({@link #keep}) is held as the bytes the fetch read it into, not copied, and written to
 * the APPEND from them. A larger one fetched in ranges ({@link #ranges}) is copied into segments of the
 * worker's {@link SpoolMemory} when it granted the message a reservation, and spooled to a file otherwise.
 */
final class SpooledMessage implements MessageContent, AutoCloseable {

	private final int memoryLimit;

	private final MessageDigest digest;

	private Buffer memory = new Buffer();

	/** The bytes of a message kept whole from its fetch, or null. */
	private byte[] kept;

	private int keptOffset;

	/** The ranges of a message held in memory under {@link #reservation}, or null. */
	private List<Range> held;

	/** Memory granted to this message by the worker's {@link SpoolMemory}, or null. */
	private SpoolMemory.Reservation reservation;

	private Path file;

	private OutputStream fileOut;

	private long size;

	private byte[] sha256;

	SpooledMessage(int memoryLimit) {
		this(memoryLimit, null);
	}

	/**
	 * @param reservation memory to hold this message in when it is fetched in {@link #ranges}; released
	 * when the message is closed or spooled to a file after all
	 */
	SpooledMessage(int memoryLimit, SpoolMemory.Reservation reservation) {
		this.memoryLimit = memoryLimit;
		this.reservation = reservation;
		try {
			this.digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Where the fetch writes; starts the spool over (a fetch may be retried). */
	OutputStream sink() {
		reset();
		return new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				SpooledMessage.this.digest.update(b, off, len);
				SpooledMessage.this.size += len;
				if (SpooledMessage.this.fileOut == null && SpooledMessage.this.size > SpooledMessage.this.memoryLimit) {
					toFile();
				}
				if (SpooledMessage.this.fileOut != null) {
					SpooledMessage.this.fileOut.write(b, off, len);
				}
				else {
					SpooledMessage.this.memory.write(b, off, len);
				}
			}

		};
	}

	/**
	 * Where a fetch in ranges ({@link io.mailmig.common.imap.ImapSession#fetchRawRanges}) delivers them;
	 * starts the spool over. The ranges are
	 * copied into the reservation's segments while they fit in it, and go to a file otherwise.
	 */
	io.mailmig.common.imap.ImapSession.RangeSink ranges() {
		reset();
		if (this.reservation != null) {
			this.held = new ArrayList<>();
		}
		return (bytes, offset, length) -> {
			this.digest.update(bytes, offset, length);
			this.size += length;
			try {
				if (this.held != null && this.size <= this.reservation.bytes()) {
					hold(bytes, offset, length);
					return;
				}
				if (this.fileOut == null) {
					// larger than its listing said, or a spool without a reservation
					toFile();
				}
				this.fileOut.write(bytes, offset, length);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not spool a message to a temporary file", ex);
			}
		};
	}

	/** Copies a range into the reservation's segments, after what they hold. */
	private void hold(byte[] bytes, int offset, int length) {
		int at = offset;
		int left = length;
		while (left > 0) {
			Range last = this.held.isEmpty() ? null : this.held.get(this.held.size() - 1);
			if (last == null || last.length == SpoolMemory.SEGMENT) {
				last = new Range(this.reservation.segment(this.held.size()), 0, 0);
				this.held.add(last);
			}
			int n = Math.min(left, SpoolMemory.SEGMENT - last.length);
			System.arraycopy(bytes, at, last.bytes, last.length, n);
			this.held.set(this.held.size() - 1, new Range(last.bytes, 0, last.length + n));
			at += n;
			left -= n;
		}
	}

	private void toFile() throws IOException {
		this.file = Files.createTempFile("mailmig-", ".eml");
		this.fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(this.file), 64 * 1024);
		this.memory.writeTo(this.fileOut);
		this.memory = new Buffer();
		if (this.held != null) {
			for (Range range : this.held) {
				this.fileOut.write(range.bytes, range.offset, range.length);
			}
			this.held = null;
			release();
		}
	}

	/**
	 * The whole message, from a fetch that leaves these bytes to the caller
	 * ({@link io.mailmig.common.imap.ImapSession.RawMessageSink}): kept as they are when it fits in memory,
	 * spooled to a file otherwise. Starts the spool over and completes it.
	 */
	void keep(byte[] bytes, int offset, int length) {
		if (length > this.memoryLimit) {
			try (OutputStream sink = sink()) {
				sink.write(bytes, offset, length);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not spool a message of " + length + " bytes", ex);
			}
		}
		else {
			reset();
			this.digest.update(bytes, offset, length);
			this.kept = bytes;
			this.keptOffset = offset;
			this.size = length;
		}
		complete();
	}

	/** Ends writing: the digest is final. */
	void complete() {
		try {
			if (this.fileOut != null) {
				this.fileOut.close();
				this.fileOut = null;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.sha256 = this.digest.digest();
	}

	byte[] sha256() {
		return this.sha256;
	}

	/**
	 * Whether {@code bytes} are this message's: compared byte for byte when it is in memory, by SHA-256
	 * when it was spooled to a file.
	 */
	boolean sameAs(byte[] bytes, int offset, int length) {
		if (length != this.size) {
			return false;
		}
		if (this.kept != null) {
			return java.util.Arrays.equals(this.kept, this.keptOffset, this.keptOffset + length, bytes, offset,
					offset + length);
		}
		if (this.held == null && this.file == null) {
			return this.memory.sameAs(bytes, offset, length);
		}
		Comparison comparison = comparison();
		comparison.accept(bytes, offset, length);
		return comparison.identical();
	}

	/**
	 * A comparison of this message with one read back in ranges: byte for byte when it is held in memory,
	 * by SHA-256 when it was spooled to a file.
	 */
	Comparison comparison() {
		return (this.held != null) ? new HeldComparison() : new DigestComparison();
	}

	@Override
	public long size() {
		return this.size;
	}

	@Override
	public InputStream open() throws IOException {
		if (this.file != null) {
			return new java.io.BufferedInputStream(Files.newInputStream(this.file), 64 * 1024);
		}
		if (this.kept != null) {
			return new ByteArrayInputStream(this.kept, this.keptOffset, (int) this.size);
		}
		if (this.held != null) {
			List<InputStream> ranges = new ArrayList<>();
			this.held.forEach(r -> ranges.add(new ByteArrayInputStream(r.bytes, r.offset, r.length)));
			return new java.io.SequenceInputStream(java.util.Collections.enumeration(ranges));
		}
		return this.memory.in();
	}

	@Override
	public void writeTo(OutputStream out) throws IOException {
		if (this.kept != null) {
			out.write(this.kept, this.keptOffset, (int) this.size);
		}
		else if (this.held != null) {
			for (Range range : this.held) {
				out.write(range.bytes, range.offset, range.length);
			}
		}
		else if (this.file == null) {
			this.memory.writeTo(out);
		}
		else {
			MessageContent.super.writeTo(out);
		}
	}

	private void reset() {
		closeFile();
		this.held = null;
		this.memory = new Buffer();
		this.kept = null;
		this.keptOffset = 0;
		this.digest.reset();
		this.size = 0;
		this.sha256 = null;
	}

	/** Frees the message: its file, its memory reservation. */
	@Override
	public void close() {
		closeFile();
		this.held = null;
		release();
	}

	private void release() {
		if (this.reservation != null) {
			this.reservation.release();
			this.reservation = null;
		}
	}

	private void closeFile() {
		try {
			if (this.fileOut != null) {
				this.fileOut.close();
				this.fileOut = null;
			}
			if (this.file != null) {
				Files.deleteIfExists(this.file);
				this.file = null;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Bytes of the message held in memory: a segment of the pool, filled up to {@code length}. */
	private record Range(byte[] bytes, int offset, int length) {
	}

	/** Compares a message read back in ranges with this one; {@link #identical()} once all were given. */
	interface Comparison extends io.mailmig.common.imap.ImapSession.RangeSink {

		boolean identical();

	}

	/** Byte for byte against the held ranges, whatever the ranges read back are cut into. */
	private final class HeldComparison implements Comparison {

		private int range;

		private int within;

		private long compared;

		private boolean differs;

		@Override
		public void accept(byte[] bytes, int offset, int length) {
			if (this.differs || this.compared + length > SpooledMessage.this.size) {
				this.differs = true;
				return;
			}
			int at = offset;
			int left = length;
			while (left > 0) {
				Range mine = SpooledMessage.this.held.get(this.range);
				int n = Math.min(left, mine.length - this.within);
				if (!java.util.Arrays.equals(mine.bytes, mine.offset + this.within, mine.offset + this.within + n, bytes,
						at, at + n)) {
					this.differs = true;
					return;
				}
				at += n;
				left -= n;
				this.within += n;
				if (this.within == mine.length) {
					this.range++;
					this.within = 0;
				}
			}
			this.compared += length;
		}

		@Override
		public boolean identical() {
			return !this.differs && this.compared == SpooledMessage.this.size;
		}

	}

	/** By SHA-256, for a message spooled to a file. */
	private final class DigestComparison implements Comparison {

		private final MessageDigest digest;

		private long compared;

		DigestComparison() {
			try {
				this.digest = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void accept(byte[] bytes, int offset, int length) {
			this.digest.update(bytes, offset, length);
			this.compared += length;
		}

		@Override
		public boolean identical() {
			return this.compared == SpooledMessage.this.size
					&& java.util.Arrays.equals(this.digest.digest(), SpooledMessage.this.sha256);
		}

	}

	/** Read without the copy {@link ByteArrayOutputStream#toByteArray()} makes. */
	private static final class Buffer extends ByteArrayOutputStream {

		InputStream in() {
			return new ByteArrayInputStream(this.buf, 0, this.count);
		}

		boolean sameAs(byte[] bytes, int offset, int length) {
			return length == this.count
					&& java.util.Arrays.equals(this.buf, 0, this.count, bytes, offset, offset + length);
		}

	}

}
