package io.mailmig.common.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Raw message bytes that can be read more than once (an APPEND may be retried). */
public interface MessageContent {

	/** Exact size in bytes: the APPEND literal length. */
	long size();

	/** A fresh stream over the whole message; the caller closes it. */
	InputStream open() throws IOException;


	/**
	 * Writes exactly {@link #size()} bytes, the whole message, to {@code out}: an APPEND literal. A
	 * content held in memory writes its bytes at once, without a copy.
	 * @throws IOException if the content does not have the bytes it announced (the literal's length is
	 * then already on the wire and the connection unusable)
	 */
	default void writeTo(OutputStream out) throws IOException {
		try (InputStream in = open()) {
			byte[] buffer = new byte[(int) Math.max(1, Math.min(64 * 1024, size()))];
			long remaining = size();
			while (remaining > 0) {
				int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
				if (read < 0) {
					break;
				}
				out.write(buffer, 0, read);
				remaining -= read;
			}
			if (remaining != 0 || in.read() >= 0) {
				throw new IOException("Message content does not have the " + size() + " bytes it announced");
			}
		}
	}

}
