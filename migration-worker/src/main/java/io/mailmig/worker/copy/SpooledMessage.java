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

import io.mailmig.common.imap.MessageContent;

/**
 * A message between its fetch and its append: in memory up to a limit, in a temporary file beyond, so a
 * 25 MB attachment is never held whole in the heap. Its SHA-256 is computed while it is written. A message
 * fetched whole ({@link #keep}) is held as the bytes the fetch read it into, not copied, and written to
 * the APPEND from them.
 */
final class SpooledMessage implements MessageContent, AutoCloseable {

	private final int memoryLimit;

	private final MessageDigest digest;

	private Buffer memory = new Buffer();

	/** The bytes of a message kept whole from its fetch, or null. */
	private byte[] kept;

	private int keptOffset;

	private Path file;

	private OutputStream fileOut;

	private long size;

	private byte[] sha256;

	SpooledMessage(int memoryLimit) {
		this.memoryLimit = memoryLimit;
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

	private void toFile() throws IOException {
		this.file = Files.createTempFile("mailmig-", ".eml");
		this.fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(this.file), 64 * 1024);
		this.memory.writeTo(this.fileOut);
		this.memory = new Buffer();
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
		if (this.file == null) {
			return this.memory.sameAs(bytes, offset, length);
		}
		MessageDigest other;
		try {
			other = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		other.update(bytes, offset, length);
		return java.util.Arrays.equals(other.digest(), this.sha256);
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
		return this.memory.in();
	}

	@Override
	public void writeTo(OutputStream out) throws IOException {
		if (this.kept != null) {
			out.write(this.kept, this.keptOffset, (int) this.size);
		}
		else if (this.file == null) {
			this.memory.writeTo(out);
		}
		else {
			MessageContent.super.writeTo(out);
		}
	}

	private void reset() {
		close();
		this.memory = new Buffer();
		this.kept = null;
		this.keptOffset = 0;
		this.digest.reset();
		this.size = 0;
		this.sha256 = null;
	}

	@Override
	public void close() {
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
