package io.mailmig.worker.connection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cap on the IMAP connections to each server that holds across every worker sharing the database
 * (ADR 6). Server {@code s} has slots 0 to {@code limit(s) - 1}; holding slot {@code i} is holding the
 * PostgreSQL session-level advisory lock {@code (key(s), i)} on this worker's one lock connection. A
 * worker that dies loses its connection, and PostgreSQL drops its locks with it: nothing to clean up.
 * <p>
 * The lock connection is not from the pool (a pooled connection would carry its locks back to the
 * pool); every use of it is serialized by one lock, whose {@link Condition} wakes local waiters as soon
 * as this worker releases a slot. Slots released by other workers are found by polling, with a pause
 * that grows from 50 ms to 1 s. A slot is never taken twice by this worker: advisory locks are
 * re-entrant within a session, so slots are also counted locally.
 * <p>
 * When the lock connection is lost, its locks are gone: the next use reconnects and takes the slots still
 * held locally again; one that another worker took meanwhile is shared until released (a brief window
 * over the cap, logged).
 */
public class ConnectionSlots implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ConnectionSlots.class);

	private static final long FIRST_PAUSE = TimeUnit.MILLISECONDS.toNanos(50);

	private static final long LONGEST_PAUSE = TimeUnit.SECONDS.toNanos(1);

	private static final int NETWORK_TIMEOUT_MILLIS = 10_000;

	private final DataSource lockDatabase;

	private final int defaultLimit;

	private final Map<String, Integer> limits = new HashMap<>();

	private final Duration wait;

	private final MeterRegistry registry;

	private final Counter timeouts;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition released = this.lock.newCondition();

	/** Slots this worker holds, per server. Guarded by {@link #lock}. */
	private final Map<String, Held> held = new HashMap<>();

	/** Guarded by {@link #lock}. */
	private Connection connection;

	/** Guarded by {@link #lock}. */
	private boolean closed;

	/**
	 * @param lockDatabase where connections for the locks come from: each is kept open, so not a pool
	 * @param defaultLimit connections per server, 0 for no limit
	 * @param limits limits of particular servers ({@code host:port}), overriding the default
	 * @param wait how long {@link #acquire} waits for a slot
	 * @param registry where the slots held are reported, or {@code null}
	 */
	public ConnectionSlots(DataSource lockDatabase, int defaultLimit, Map<String, Integer> limits, Duration wait,
			MeterRegistry registry) {
		this.lockDatabase = lockDatabase;
		this.defaultLimit = defaultLimit;
		if (limits != null) {
			limits.forEach((server, limit) -> this.limits.put(server.trim().toLowerCase(Locale.ROOT), limit));
		}
		this.wait = wait;
		this.registry = registry;
		this.timeouts = registry == null ? null
				: Counter.builder("mailmig.imap.connection.slot.timeouts")
					.description("Waits for an IMAP connection slot that timed out")
					.register(registry);
	}

	/** The most connections to this server ({@code host:port}) all workers together hold; 0: no limit. */
	public int limit(String server) {
		return this.limits.getOrDefault(normalize(server), this.defaultLimit);
	}

	/**
	 * The advisory lock key of a server: the first four bytes of the SHA-256 of {@code host:port}
	 * (lower-case), made non-negative so that it reads the same in {@code pg_locks.classid}. Two servers
	 * with the same key share one limit, which is only stricter.
	 */
	public static int key(String server) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalize(server).getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.wrap(digest, 0, 4).getInt() & Integer.MAX_VALUE;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A slot for this server if one is free now; never waits. */
	public Optional<ConnectionSlot> tryAcquire(String server) {
		String name = normalize(server);
		if (limit(name) == 0) {
			return Optional.of(new ConnectionSlot(null, name, -1));
		}
		this.lock.lock();
		try {
			return tryAcquireLocked(name);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A slot for this server, waiting up to {@code connection-wait} for one.
	 * @throws ConnectionSlotTimeoutException when none became free in time
	 */
	public ConnectionSlot acquire(String server) {
		return acquire(normalize(server), System.nanoTime() + this.wait.toNanos());
	}

	/**
	 * One slot for each of these servers (a server named twice gets two), all or none, waiting up to
	 * {@code connection-wait} in all. It never waits while holding a slot: it waits for one, takes the
	 * others only if they are free at once, and otherwise gives everything back and waits for the one
	 * that was missing. Two callers can therefore never wait for each other (no deadlock between a
	 * migration from A to B and one from B to A).
	 * @return the slots, in the order of {@code servers}
	 * @throws ConnectionSlotTimeoutException when they were not all free together in time
	 */
	public List<ConnectionSlot> acquireAll(List<String> servers) {
		return acquireAll(servers, this.wait);
	}

	/** {@link #acquireAll(List)}, waiting up to {@code wait} instead of {@code connection-wait}. */
	public List<ConnectionSlot> acquireAll(List<String> servers, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		int first = 0;
		while (true) {
			ConnectionSlot[] slots = new ConnectionSlot[servers.size()];
			slots[first] = acquire(normalize(servers.get(first)), deadline);
			int missing = -1;
			for (int i = 0; i < servers.size() && missing < 0; i++) {
				if (i != first) {
					Optional<ConnectionSlot> slot = tryAcquire(servers.get(i));
					if (slot.isPresent()) {
						slots[i] = slot.get();
					}
					else {
						missing = i;
					}
				}
			}
			if (missing < 0) {
				return List.of(slots);
			}
			for (ConnectionSlot slot : slots) {
				if (slot != null) {
					slot.close();
				}
			}
			first = missing;
		}
	}

	/** Slots this worker holds for this server now. */
	public int held(String server) {
		this.lock.lock();
		try {
			Held h = this.held.get(normalize(server));
			return h == null ? 0 : h.local.cardinality();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Closes the lock connection: every slot of this worker is freed for the others. */
	@Override
	public void close() {
		this.lock.lock();
		try {
			this.closed = true;
			disconnect();
			this.released.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private ConnectionSlot acquire(String server, long deadline) {
		if (limit(server) == 0) {
			return new ConnectionSlot(null, server, -1);
		}
		this.lock.lock();
		try {
			long pause = FIRST_PAUSE;
			while (true) {
				Optional<ConnectionSlot> slot = tryAcquireLocked(server);
				if (slot.isPresent()) {
					return slot.get();
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw timedOut(server);
				}
				try {
					// woken at once by a local release; slots freed by other workers are seen at the next poll
					this.released.awaitNanos(Math.min(pause, remaining));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new ConnectionSlotTimeoutException(
							"interrupted while waiting for a connection to " + server + ": the worker is stopping");
				}
				pause = Math.min(pause * 2, LONGEST_PAUSE);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private ConnectionSlotTimeoutException timedOut(String server) {
		if (this.timeouts != null) {
			this.timeouts.increment();
		}
		return new ConnectionSlotTimeoutException("no connection to " + server + " free within " + this.wait
				+ ": all " + limit(server) + " allowed (mailmig.worker.max-connections-per-server) are in use, "
				+ held(server) + " of them by this worker");
	}

	private Optional<ConnectionSlot> tryAcquireLocked(String server) {
		if (this.closed) {
			throw new ConnectionSlotTimeoutException("no connection to " + server + ": the worker is stopping");
		}
		int limit = limit(server);
		Held h = slotsOf(server);
		if (h.local.cardinality() >= limit) {
			return Optional.empty();
		}
		int key = key(server);
		// a lock connection found dead is replaced, and the attempt made once more on the new one
		for (int attempt = 0; attempt < 2; attempt++) {
			Connection c = connection();
			if (c == null) {
				return Optional.empty();
			}
			try {
				BitSet taken = takenInDatabase(c, key);
				for (int slot = 0; slot < limit; slot++) {
					if (!h.local.get(slot) && !taken.get(slot) && tryLock(c, key, slot)) {
						h.local.set(slot);
						h.locked.set(slot);
						return Optional.of(new ConnectionSlot(this, server, slot));
					}
				}
				return Optional.empty();
			}
			catch (SQLException ex) {
				lost(ex);
			}
		}
		return Optional.empty();
	}

	void release(ConnectionSlot slot) {
		this.lock.lock();
		try {
			Held h = this.held.get(slot.server());
			if (h == null || !h.local.get(slot.index())) {
				return;
			}
			h.local.clear(slot.index());
			if (h.locked.get(slot.index())) {
				h.locked.clear(slot.index());
				if (this.connection != null) {
					try (PreparedStatement unlock = this.connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
						unlock.setInt(1, key(slot.server()));
						unlock.setInt(2, slot.index());
						unlock.execute();
					}
					catch (SQLException ex) {
						lost(ex); // the lock is gone with the connection
					}
				}
			}
			this.released.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private Held slotsOf(String server) {
		return this.held.computeIfAbsent(server, s -> {
			Held h = new Held();
			if (this.registry != null) {
				Gauge.builder("mailmig.imap.connection.slots", h, x -> x.local.cardinality())
					.description("IMAP connection slots this worker holds, per server")
					.tag("server", s)
					.strongReference(true)
					.register(this.registry);
			}
			return h;
		});
	}

	/** The lock connection, opened (again) if needed; {@code null} when the database cannot be reached. */
	private Connection connection() {
		if (this.connection != null) {
			return this.connection;
		}
		try {
			Connection c = this.lockDatabase.getConnection();
			c.setAutoCommit(true);
			c.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
			this.connection = c;
		}
		catch (SQLException ex) {
			log.warn("Cannot reach the database for IMAP connection slots: {}", ex.getMessage());
			return null;
		}
		relock();
		return this.connection;
	}

	/** After a reconnection: takes again the slots still held here, whose locks went with the old connection. */
	private void relock() {
		for (Map.Entry<String, Held> entry : this.held.entrySet()) {
			Held h = entry.getValue();
			h.locked.clear();
			for (int slot = h.local.nextSetBit(0); slot >= 0; slot = h.local.nextSetBit(slot + 1)) {
				try {
					if (tryLock(this.connection, key(entry.getKey()), slot)) {
						h.locked.set(slot);
					}
					else {
						log.warn("IMAP connection slot {}#{} was taken by another worker while this worker's lock "
								+ "connection was lost: the server has one connection over its limit until it "
								+ "is released", entry.getKey(), slot);
					}
				}
				catch (SQLException ex) {
					lost(ex);
					return;
				}
			}
		}
	}

	private static BitSet takenInDatabase(Connection c, int key) throws SQLException {
		BitSet taken = new BitSet();
		// two-key advisory locks show as classid, objid with objsubid 2, in the current database
		try (PreparedStatement query = c.prepareStatement("""
				SELECT objid::bigint FROM pg_locks
				WHERE locktype = 'advisory' AND objsubid = 2 AND granted AND classid::bigint = ?
				  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")) {
			query.setLong(1, key);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					long slot = rows.getLong(1);
					if (slot < Integer.MAX_VALUE) {
						taken.set((int) slot);
					}
				}
			}
		}
		return taken;
	}

	private static boolean tryLock(Connection c, int key, int slot) throws SQLException {
		try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
			lock.setInt(1, key);
			lock.setInt(2, slot);
			try (ResultSet row = lock.executeQuery()) {
				return row.next() && row.getBoolean(1);
			}
		}
	}

	private void lost(SQLException ex) {
		log.warn("Lost the database connection that holds the IMAP connection slots ({}); reconnecting",
				ex.getMessage());
		disconnect();
		this.held.values().forEach(h -> h.locked.clear());
	}

	private void disconnect() {
		if (this.connection != null) {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				// gone anyway
			}
			this.connection = null;
		}
	}

	private static String normalize(String server) {
		return server.trim().toLowerCase(Locale.ROOT);
	}

	/** Slots of one server held here: {@code local} by a caller, {@code locked} in the database too. */
	private static final class Held {

		final BitSet local = new BitSet();

		final BitSet locked = new BitSet();

	}

	@Override
	public String toString() {
		this.lock.lock();
		try {
			List<String> parts = new ArrayList<>();
			this.held.forEach((server, h) -> parts.add(server + "=" + h.local.cardinality()));
			return "ConnectionSlots" + parts;
		}
		finally {
			this.lock.unlock();
		}
	}

}
