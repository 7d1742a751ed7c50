package io.mailmig.worker.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mailmig.common.testing.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The connection cap against a real PostgreSQL: each {@link ConnectionSlots} has its own lock
 * connection, as each worker process has.
 */
class ConnectionSlotsIntegrationTests {

	static final String SERVER = "imap.example.com:993";

	final String url = TestInfrastructure.newDatabase();

	final DriverManagerDataSource database = new DriverManagerDataSource(this.url, "postgres", "postgres");

	final List<ConnectionSlots> workers = new ArrayList<>();

	final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void close() throws InterruptedException {
		this.threads.shutdownNow();
		this.threads.awaitTermination(10, TimeUnit.SECONDS);
		this.workers.forEach(ConnectionSlots::close);
	}

	ConnectionSlots worker(int limit, Duration wait) {
		ConnectionSlots slots = new ConnectionSlots(this.database, limit, Map.of(), wait, new SimpleMeterRegistry());
		this.workers.add(slots);
		return slots;
	}

	@Test
	void slotsHeldByAllWorkersShouldNeverExceedTheLimitUnderConcurrentUse() {
		// given two workers with a limit of 3 per server
		ConnectionSlots one = worker(3, Duration.ofSeconds(30));
		ConnectionSlots two = worker(3, Duration.ofSeconds(30));
		AtomicInteger holding = new AtomicInteger();
		AtomicInteger peak = new AtomicInteger();
		AtomicInteger done = new AtomicInteger();

		// when 8 threads on each take a slot, hold it a moment and give it back, 5 times each
		List<CompletableFuture<Void>> runs = new ArrayList<>();
		for (int t = 0; t < 16; t++) {
			ConnectionSlots worker = t % 2 == 0 ? one : two;
			runs.add(CompletableFuture.runAsync(() -> {
				for (int i = 0; i < 5; i++) {
					try (ConnectionSlot slot = worker.acquire(SERVER)) {
						peak.accumulateAndGet(holding.incrementAndGet(), Math::max);
						busy(Duration.ofMillis(10));
						holding.decrementAndGet();
					}
					done.incrementAndGet();
				}
			}, this.threads));
		}
		CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).orTimeout(2, TimeUnit.MINUTES).join();

		// then all 80 ran, never more than 3 at once, and nothing is held any more
		assertThat(done).hasValue(80);
		assertThat(peak.get()).isBetween(1, 3);
		assertThat(one.held(SERVER) + two.held(SERVER)).isZero();
		assertThat(advisoryLocks()).isZero();
	}

	@Test
	void waiterShouldGetASlotWhenAnotherWorkerReleasesOne() {
		// given a worker holding all 3 slots
		ConnectionSlots one = worker(3, Duration.ofSeconds(30));
		ConnectionSlots two = worker(3, Duration.ofSeconds(30));
		List<ConnectionSlot> held = List.of(one.acquire(SERVER), one.acquire(SERVER), one.acquire(SERVER));
		assertThat(two.tryAcquire(SERVER)).isEmpty();

		// when the other waits for one
		CompletableFuture<ConnectionSlot> waiting = CompletableFuture.supplyAsync(() -> two.acquire(SERVER), this.threads);

		// then it waits until the first releases one, then gets that one
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
		held.get(1).close();
		ConnectionSlot got = waiting.orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(got.index()).isEqualTo(1);
		assertThat(two.held(SERVER)).isEqualTo(1);
		assertThat(one.held(SERVER)).isEqualTo(2);
	}

	@Test
	void localWaiterShouldBeWokenAtOnceByALocalRelease() {
		// given a worker holding all its slots, with a long poll would not matter: the release signals
		ConnectionSlots one = worker(2, Duration.ofSeconds(30));
		ConnectionSlot first = one.acquire(SERVER);
		one.acquire(SERVER);
		CompletableFuture<ConnectionSlot> waiting = CompletableFuture.supplyAsync(() -> one.acquire(SERVER), this.threads);
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());

		// when a slot is released, twice (a second close does nothing)
		first.close();
		first.close();

		// then the waiter has it, and the worker still holds 2
		assertThat(waiting.orTimeout(10, TimeUnit.SECONDS).join().index()).isEqualTo(first.index());
		assertThat(one.held(SERVER)).isEqualTo(2);
		assertThat(one.tryAcquire(SERVER)).isEmpty();
	}

	@Test
	void slotsOfADeadWorkerShouldBeFreedForTheOthers() {
		// given a worker holding every slot and another one waiting
		ConnectionSlots dying = worker(3, Duration.ofSeconds(30));
		ConnectionSlots survivor = worker(3, Duration.ofSeconds(30));
		for (int i = 0; i < 3; i++) {
			dying.acquire(SERVER);
		}
		CompletableFuture<ConnectionSlot> waiting = CompletableFuture.supplyAsync(() -> survivor.acquire(SERVER),
				this.threads);
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());

		// when the first worker's database session ends, as when its process dies
		new JdbcTemplate(this.database).queryForList("""
				SELECT pg_terminate_backend(pid) FROM pg_locks
				WHERE locktype = 'advisory' AND classid::bigint = ?
				  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
				GROUP BY pid""", ConnectionSlots.key(SERVER));

		// then the other worker gets a slot, and can take all three
		assertThat(waiting.orTimeout(10, TimeUnit.SECONDS).join().isReleased()).isFalse();
		assertThat(survivor.acquire(SERVER)).isNotNull();
		assertThat(survivor.acquire(SERVER)).isNotNull();
		assertThat(survivor.held(SERVER)).isEqualTo(3);
	}

	@Test
	void lostLockConnectionShouldBeReopenedWithTheSlotsStillHeld() {
		// given a worker holding 2 of 3 slots
		ConnectionSlots worker = worker(3, Duration.ofSeconds(30));
		ConnectionSlot a = worker.acquire(SERVER);
		ConnectionSlot b = worker.acquire(SERVER);

		// when its lock connection is killed
		terminateLockConnections();

		// then its next use reconnects and takes its 2 slots again, so another worker gets only the third
		assertThat(worker.tryAcquire(SERVER)).isPresent();
		ConnectionSlots other = worker(3, Duration.ofMillis(200));
		assertThat(other.tryAcquire(SERVER)).isEmpty();
		a.close();
		b.close();
		assertThat(other.tryAcquire(SERVER)).isPresent();
	}

	@Test
	void waitShouldFailTransientlyWithAClearMessageWhenNoSlotFreesUp() {
		// given another worker holds both slots of a server
		ConnectionSlots busy = worker(2, Duration.ofSeconds(30));
		busy.acquire(SERVER);
		busy.acquire(SERVER);
		ConnectionSlots waiter = worker(2, Duration.ofMillis(500));

		// when / then waiting ends after connection-wait with a failure naming the server and the limit
		long start = System.nanoTime();
		assertThatThrownBy(() -> waiter.acquire(SERVER)).isInstanceOf(ConnectionSlotTimeoutException.class)
			.hasMessageContaining(SERVER)
			.hasMessageContaining("within PT0.5S")
			.hasMessageContaining("all 2 allowed");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(450), Duration.ofSeconds(5));
		assertThat(waiter.held(SERVER)).isZero();
	}

	@Test
	void acquireAllShouldNotHoldOneSlotWhileWaitingForAnother() {
		// given two servers of one slot each... (limits below 2 are refused by the settings, not here)
		ConnectionSlots one = new ConnectionSlots(this.database, 1, Map.of(), Duration.ofSeconds(30), null);
		ConnectionSlots two = new ConnectionSlots(this.database, 1, Map.of(), Duration.ofSeconds(30), null);
		this.workers.add(one);
		this.workers.add(two);
		String a = "a.example.com:993";
		String b = "b.example.com:993";
		ConnectionSlot heldB = two.acquire(b);

		// when a migration from a to b waits for b, and one from b to a is asked for meanwhile
		CompletableFuture<List<ConnectionSlot>> aToB = CompletableFuture.supplyAsync(() -> one.acquireAll(List.of(a, b)),
				this.threads);
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !aToB.isDone());

		// then the waiting one holds no slot of a, so the other can take a
		assertThat(one.held(a)).isZero();
		ConnectionSlot heldA = two.tryAcquire(a).orElseThrow();
		heldA.close();
		heldB.close();
		List<ConnectionSlot> both = aToB.orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(both).extracting(ConnectionSlot::server).containsExactly(a, b);
	}

	@Test
	void slotsHeldShouldBeReportedPerServer() {
		// given a worker with its metrics
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ConnectionSlots slots = new ConnectionSlots(this.database, 3, Map.of(), Duration.ofSeconds(5), registry);
		this.workers.add(slots);

		// when it holds two slots of a server and has given one back
		ConnectionSlot first = slots.acquire(SERVER);
		slots.acquire(SERVER);
		slots.acquire(SERVER).close();

		// then the gauge says 2 for that server
		assertThat(registry.get("mailmig.imap.connection.slots").tag("server", SERVER).gauge().value()).isEqualTo(2);
		first.close();
		assertThat(registry.get("mailmig.imap.connection.slots").tag("server", SERVER).gauge().value()).isEqualTo(1);
	}

	@Test
	void serverLimitsShouldOverrideTheDefaultAndZeroShouldMeanNoLimit() {
		// given a default of 2, one server with 3 and one without limit
		ConnectionSlots slots = new ConnectionSlots(this.database, 2,
				Map.of("Big.Example.com:993", 3, "free.example.com:143", 0), Duration.ofMillis(100), null);
		this.workers.add(slots);

		// when / then
		assertThat(slots.limit("big.example.com:993")).isEqualTo(3);
		for (int i = 0; i < 3; i++) {
			assertThat(slots.tryAcquire("big.example.com:993")).isPresent();
		}
		assertThat(slots.tryAcquire("big.example.com:993")).isEmpty();
		for (int i = 0; i < 50; i++) {
			assertThat(slots.tryAcquire("free.example.com:143")).isPresent();
		}
		assertThat(slots.tryAcquire(SERVER)).isPresent();
		assertThat(slots.tryAcquire(SERVER)).isPresent();
		assertThat(slots.tryAcquire(SERVER)).isEmpty();
	}

	private long advisoryLocks() {
		return new JdbcTemplate(this.database).queryForObject(
				"""
						SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = ?
						  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""", Long.class,
				ConnectionSlots.key(SERVER));
	}

	private void terminateLockConnections() {
		new JdbcTemplate(this.database).queryForList("""
				SELECT pg_terminate_backend(pid) FROM pg_locks
				WHERE locktype = 'advisory' AND classid::bigint = ?
				  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
				GROUP BY pid""", ConnectionSlots.key(SERVER));
	}

	/** Holds the slot for a while without sleeping: a waiting test would hide nothing here. */
	private static void busy(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

}
