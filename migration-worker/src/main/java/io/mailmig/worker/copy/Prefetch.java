package io.mailmig.worker.copy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.mailmig.common.concurrent.Futures;

/**
 * Fetches on a thread of its own (one source connection, one thread), while the copying thread appends
 * what was fetched before. What a fetch holds — spools, memory reserved from the worker's
 * {@link SpoolMemory} budget — belongs to whoever takes its result; a result nobody will take is freed
 * with {@code free}, when the fetch ends if it has not yet: when the copy fails, and when the copying
 * thread is interrupted while it waits. Otherwise the budget would shrink for the worker's lifetime.
 *
 * @param <T> what one fetch returns
 */
final class Prefetch<T> implements AutoCloseable {

	private final ExecutorService executor;

	private final Consumer<T> free;

	/**
	 * @param threadPrefix the fetching thread's name, before the name of the thread that starts the first fetch
	 * @param free frees a fetched result nobody will take
	 */
	Prefetch(String threadPrefix, Consumer<T> free) {
		this.executor = Executors.newSingleThreadExecutor(runnable -> {
			Thread thread = new Thread(runnable, threadPrefix + Thread.currentThread().getName());
			thread.setDaemon(true);
			return thread;
		});
		this.free = free;
	}

	/** Starts a fetch, after those started before. */
	CompletableFuture<T> start(Supplier<T> fetch) {
		return CompletableFuture.supplyAsync(fetch, this.executor);
	}

	/**
	 * The fetch's result, once it ends; what it threw, thrown again.
	 * @throws IllegalStateException when this thread is interrupted while it waits: the result is then freed
	 * when the fetch ends
	 */
	T await(CompletableFuture<T> fetch) {
		try {
			return fetch.get();
		}
		catch (InterruptedException ex) {
			freeWhenDone(fetch);
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while fetching messages", ex);
		}
		catch (ExecutionException ex) {
			throw Futures.rethrow(ex);
		}
	}

	/**
	 * Gives up a fetch (null: none): waits for it to end, as it still uses the source connection, and
	 * frees its result; if this thread is interrupted meanwhile, the result is freed when the fetch ends.
	 * What the fetch threw is dropped: the failure that made the copy give it up is the one that matters.
	 */
	void discard(CompletableFuture<T> fetch) {
		if (fetch == null) {
			return;
		}
		freeWhenDone(fetch);
		try {
			fetch.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			// a failed fetch freed what it held itself
		}
	}

	private void freeWhenDone(CompletableFuture<T> fetch) {
		fetch.whenComplete((result, failure) -> {
			if (result != null) {
				this.free.accept(result);
			}
		});
	}

	/** Stops the fetching thread: a fetch not yet started never starts, a running one is interrupted. */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
