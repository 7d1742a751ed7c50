package io.mailmig.worker.copy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Cuts a folder's messages into windows that each cost one round trip per command: runs of small
 * messages, read in one {@code UID FETCH} and appended in one pipeline, and large messages alone (read
 * in ranges, spooled to a file). The copy and the read-back verification use the same windows.
 */
public final class FetchWindows {

	/** At most this many messages in a window of small messages… */
	static final int MESSAGES = 100;

	/** …and this many bytes, all held in memory at once. */
	static final long BYTES = 4L * 1024 * 1024;

	private FetchWindows() {
	}

	/**
	 * @param small largest size of a message that goes in a window with others (the in-memory limit)
	 */
	public static <T> List<List<T>> of(List<T> messages, ToLongFunction<T> size, long small) {
		List<List<T>> windows = new ArrayList<>();
		List<T> current = new ArrayList<>();
		long bytes = 0;
		for (T message : messages) {
			long length = size.applyAsLong(message);
			boolean fits = length <= small;
			if (!current.isEmpty() && (!fits || current.size() >= MESSAGES || bytes + length > BYTES)) {
				windows.add(current);
				current = new ArrayList<>();
				bytes = 0;
			}
			current.add(message);
			bytes += length;
			if (!fits) {
				windows.add(current);
				current = new ArrayList<>();
				bytes = 0;
			}
		}
		if (!current.isEmpty()) {
			windows.add(current);
		}
		return windows;
	}

}
