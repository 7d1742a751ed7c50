package io.mailmig.worker.copy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * What a fetch holds (in the copy: spools and memory reserved from the worker's budget) is freed when
 * nobody takes it, however the copying thread stops waiting for it.
 */
class PrefetchTests {

	private final List<String> freed = new CopyOnWriteArrayList<>();

	private final Prefetch<String> prefetch = new Prefetch<>("prefetch-test-", this.freed::add);

	private final CountDownLatch fetchMayEnd = new CountDownLatch(1);

	@AfterEach
	void close() {
		this.fetchMayEnd.countDown();
		this.prefetch.close();
	}

	@Test
	void resultShouldBeFreedWhenTheFetchEndsAfterTheWaitingThreadWasInterrupted() throws Exception {
		// given a fetch still running, and a thread waiting for it
		CompletableFuture<String> fetch = this.prefetch.start(this::slowFetch);
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		Thread copying = waiting(() -> {
			try {
				this.prefetch.await(fetch);
			}
			catch (RuntimeException ex) {
				thrown.set(ex);
			}
		});

		// when the waiting thread is interrupted (the worker stops), then the fetch ends
		copying.interrupt();
		copying.join(TimeUnit.SECONDS.toMillis(5));
		assertThat(this.freed).isEmpty();
		this.fetchMayEnd.countDown();

		// then the waiting thread gave up, and what the fetch returned is freed all the same
		assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("Interrupted");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.freed).containsExactly("window"));
	}

	@Test
	void discardShouldWaitForTheFetchAndFreeItsResult() throws Exception {
		// given a fetch still running
		CompletableFuture<String> fetch = this.prefetch.start(this::slowFetch);

		// when the copy gives it up
		Thread copying = waiting(() -> this.prefetch.discard(fetch));

		// then it waits while the fetch runs (the fetch still uses the source connection)
		assertThat(fetch).isNotDone();
		assertThat(this.freed).isEmpty();
		// and returns once the fetch has ended, its result freed
		this.fetchMayEnd.countDown();
		copying.join(TimeUnit.SECONDS.toMillis(5));
		assertThat(copying.isAlive()).isFalse();
		assertThat(this.freed).containsExactly("window");
	}

	@Test
	void discardShouldFreeTheResultWhenTheFetchEndsIfTheDiscardingThreadIsInterrupted() throws Exception {
		// given a fetch still running
		CompletableFuture<String> fetch = this.prefetch.start(this::slowFetch);

		// when the thread that gives it up is interrupted while it waits
		Thread copying = waiting(() -> this.prefetch.discard(fetch));
		copying.interrupt();
		copying.join(TimeUnit.SECONDS.toMillis(5));
		assertThat(copying.isAlive()).isFalse();
		this.fetchMayEnd.countDown();

		// then the result is freed when the fetch ends
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.freed).containsExactly("window"));
	}

	@Test
	void awaitShouldThrowWhatTheFetchThrewAndFreeNothing() {
		CompletableFuture<String> fetch = this.prefetch.start(() -> {
			throw new IllegalArgumentException("source gone");
		});

		assertThatIllegalArgumentException().isThrownBy(() -> this.prefetch.await(fetch)).withMessage("source gone");
		this.prefetch.discard(fetch);
		assertThat(this.freed).isEmpty();
	}

	@Test
	void awaitShouldReturnTheResultWithoutFreeingIt() {
		this.fetchMayEnd.countDown();

		String window = this.prefetch.await(this.prefetch.start(this::slowFetch));

		assertThat(window).isEqualTo("window");
		assertThat(this.freed).isEmpty();
	}

	/** Runs {@code action} on a thread of its own, returned once that thread waits (for the fetch). */
	private static Thread waiting(Runnable action) {
		Thread thread = new Thread(action);
		thread.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> thread.getState() == Thread.State.WAITING);
		return thread;
	}

	private String slowFetch() {
		try {
			if (!this.fetchMayEnd.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the test never let the fetch end");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return "window";
	}

}
