package io.mailmig.worker.copy;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory one worker may use, across all its passes, for messages too large to be fetched in a
 * window with others (over {@code spool-in-memory}) that it holds between their fetch and the end of
 * their read-back: such a message is held in memory only if it is no larger than
 * {@code perMessage} and the budget has room for it, and is spooled to a temporary file otherwise.
 * Held, its bytes are appended and compared from memory: no file written, read and deleted, and no
 * second SHA-256 on read-back (ADR 10).
 * <p>
 * The memory is a pool of {@value #SEGMENT}-byte arrays, allocated on first use and reused from message
 * to message: arrays of that size are ordinary objects for G1 (half a region, 512 KB with the 1 MB
 * regions of heaps under 2 GB, would make them humongous), and reusing them keeps the collector from
 * copying or marking megabytes of message bytes that live for a few windows.
 */
public final class SpoolMemory {

	/** Size of the pool's arrays. */
	static final int SEGMENT = 256 * 1024;

	private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();

	private final long budget;

	private final long perMessage;

	private final AtomicLong available;

	/**
	 * @param budget the most bytes held at once; 0 holds nothing (every large message goes to a file)
	 * @param perMessage the largest message held
	 */
	public SpoolMemory(long budget, long perMessage) {
		if (budget < 0 || perMessage < 0) {
			throw new IllegalArgumentException("budget and per-message limit must not be negative");
		}
		this.budget = budget;
		this.perMessage = perMessage;
		this.available = new AtomicLong(budget);
	}

	/**
	 * @return a reservation of {@code bytes} (rounded up to whole segments), or null when the message is to
	 * be spooled to a file
	 */
	Reservation tryReserve(long bytes) {
		if (bytes > this.perMessage || bytes <= 0) {
			return null;
		}
		long segments = (bytes + SEGMENT - 1) / SEGMENT;
		long rounded = segments * SEGMENT;
		while (true) {
			long left = this.available.get();
			if (left < rounded) {
				return null;
			}
			if (this.available.compareAndSet(left, left - rounded)) {
				return new Reservation(bytes, (int) segments);
			}
		}
	}

	/** Bytes reserved now (for tests and metrics). */
	long reserved() {
		return this.budget - this.available.get();
	}

	long budget() {
		return this.budget;
	}

	/** Segments in the pool, free to be taken (for tests). */
	int pooled() {
		return this.free.size();
	}

	/**
	 * Memory held for one message: up to {@link #bytes()} in segments of the pool, taken as they are
	 * needed; given back once, by {@link #release()}. Used by one thread at a time.
	 */
	final class Reservation {

		private final long bytes;

		private final int segments;

		private final List<byte[]> taken = new ArrayList<>();

		private boolean released;

		private Reservation(long bytes, int segments) {
			this.bytes = bytes;
			this.segments = segments;
		}

		long bytes() {
			return this.bytes;
		}

		/** The n-th segment of this reservation (0-based), from the pool or new. */
		byte[] segment(int n) {
			if (this.released || n >= this.segments) {
				throw new IllegalStateException("segment " + n + " of a reservation of " + this.segments
						+ (this.released ? ", released" : ""));
			}
			while (this.taken.size() <= n) {
				byte[] segment = SpoolMemory.this.free.poll();
				this.taken.add((segment != null) ? segment : new byte[SEGMENT]);
			}
			return this.taken.get(n);
		}

		void release() {
			if (!this.released) {
				this.released = true;
				SpoolMemory.this.free.addAll(this.taken);
				this.taken.clear();
				SpoolMemory.this.available.addAndGet((long) this.segments * SEGMENT);
			}
		}

	}

}
