package io.mailmig.common.imap;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.mailmig.common.concurrent.Futures;

/**
 * The same step on the source and on the destination at once: their servers are different, so a login
 * or a listing on one side need not wait for the other's round trips. The destination's part runs on a
 * pooled thread, the source's on the caller's; both have ended, whatever happened, before this returns or
 * throws, so the caller may close either session at once. Each session is used by one thread at a time.
 */
public final class BothSides {

	private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

	private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
		Thread thread = new Thread(task, "imap-side-" + THREAD_NUMBER.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	});

	private BothSides() {
	}

	/** What each side answered. */
	public record Results<S, D>(S source, D destination) {
	}

	/**
	 * Runs both and waits for both. A failure of either is thrown once both have ended, the source's
	 * first (with the destination's suppressed if both failed).
	 */
	public static <S, D> Results<S, D> run(Supplier<S> source, Supplier<D> destination) {
		CompletableFuture<D> other = CompletableFuture.supplyAsync(destination, THREADS);
		S sourceResult = null;
		RuntimeException sourceFailure = null;
		try {
			sourceResult = source.get();
		}
		catch (RuntimeException ex) {
			sourceFailure = ex;
		}
		D destinationResult = null;
		RuntimeException destinationFailure = null;
		try {
			destinationResult = awaitUninterruptibly(other);
		}
		catch (RuntimeException ex) {
			destinationFailure = ex;
		}
		if (sourceFailure != null) {
			if (destinationFailure != null) {
				sourceFailure.addSuppressed(destinationFailure);
			}
			throw sourceFailure;
		}
		if (destinationFailure != null) {
			throw destinationFailure;
		}
		return new Results<>(sourceResult, destinationResult);
	}

	/** Both, for their effects only. */
	public static void perform(Runnable source, Runnable destination) {
		run(() -> {
			source.run();
			return null;
		}, () -> {
			destination.run();
			return null;
		});
	}

	/** The other side's result, waited for even when interrupted (its network calls have timeouts). */
	private static <D> D awaitUninterruptibly(CompletableFuture<D> future) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return future.get();
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException ex) {
					throw Futures.rethrow(ex);
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
