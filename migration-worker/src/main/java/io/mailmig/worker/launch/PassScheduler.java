package io.mailmig.worker.launch;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.mailmig.worker.system.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Claims passes while this worker has room ({@code max-concurrent-passes}) and keeps the leases of the
 * passes it runs alive.
 */
@Component
class PassScheduler implements org.springframework.context.SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PassScheduler.class);

	private final PassQueue queue;

	private final PassLauncher launcher;

	private final ThreadPoolTaskExecutor passExecutor;

	private final WorkerProperties properties;

	private final AtomicInteger running = new AtomicInteger();

	private volatile long lastRenewal = System.nanoTime();

	private volatile boolean stopping;

	PassScheduler(PassQueue queue, PassLauncher launcher, ThreadPoolTaskExecutor passExecutor,
			WorkerProperties properties) {
		this.queue = queue;
		this.launcher = launcher;
		this.passExecutor = passExecutor;
		this.properties = properties;
	}

	/**
	 * Claims queued passes while this worker has room: at every poll, when a request arrives, and as soon
	 * as one of its passes ends (a plan of many small mailboxes does not wait a poll between passes).
	 */
	@Scheduled(fixedDelayString = "${mailmig.worker.poll-interval:1s}", initialDelayString = "${mailmig.worker.poll-interval:1s}")
	synchronized void claimPasses() {
		try {
			while (!this.stopping && this.running.get() < this.properties.maxConcurrentPasses()) {
				Optional<ClaimedPass> pass = this.queue.claim(this.properties.id(), this.properties.leaseDuration());
				if (pass.isEmpty()) {
					return;
				}
				this.running.incrementAndGet();
				try {
					start(pass.get());
				}
				catch (RuntimeException ex) {
					// not started: give the pass back at once rather than leave it claimed until its lease ends
					this.running.decrementAndGet();
					this.queue.release(pass.get().passKey(), this.properties.id());
					throw ex;
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not claim passes: {}", ex.getMessage());
		}
	}

	/** Runs the pass on a pass thread; when it ends, claims the next one at once. */
	private void start(ClaimedPass pass) {
		this.passExecutor.execute(() -> {
			try {
				this.launcher.run(pass);
			}
			finally {
				synchronized (this.running) {
					this.running.decrementAndGet();
					this.running.notifyAll();
				}
			}
			claimPasses();
		});
	}

	/**
	 * On shutdown (SIGTERM, a rolling update): claims nothing more, asks Spring Batch to stop the running
	 * passes at their next chunk boundary and waits for them (up to {@code shutdown-timeout}); the
	 * launcher then gives them back to the queue, so another worker resumes them at once instead of
	 * after a lease expiry. Runs before the database and Kafka are closed.
	 */
	@Override
	public void start() {
		this.stopping = false;
	}

	@Override
	public boolean isRunning() {
		return !this.stopping;
	}

	/** First of all at shutdown: before Kafka's listener containers, the web server and the database. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	@Override
	public void stop() {
		try {
			stopGracefully();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	void stopGracefully() throws InterruptedException {
		this.stopping = true;
		if (this.running.get() == 0) {
			return;
		}
		log.info("Shutting down: stopping {} running passes at their next chunk boundary", this.running.get());
		try {
			this.queue.running(this.properties.id()).forEach(key -> this.launcher.stop(key, "the worker is shutting down"));
		}
		catch (RuntimeException ex) {
			log.warn("Could not stop running passes: {}", ex.getMessage());
		}
		long deadline = System.nanoTime() + this.properties.shutdownTimeout().toNanos();
		synchronized (this.running) {
			while (this.running.get() > 0 && System.nanoTime() < deadline) {
				this.running.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			}
		}
		if (this.running.get() > 0) {
			log.warn("{} passes did not stop in time; another worker takes them over when their lease expires",
					this.running.get());
		}
	}

	/** Stops, at their next chunk boundary, the passes of this worker whose migration was cancelled. */
	@Scheduled(fixedDelayString = "${mailmig.worker.poll-interval:1s}")
	void stopCancelledPasses() {
		if (this.running.get() == 0) {
			return;
		}
		try {
			this.queue.cancelRequested(this.properties.id())
				.forEach(key -> this.launcher.stop(key, "its migration was cancelled"));
		}
		catch (RuntimeException ex) {
			log.warn("Could not look for cancelled passes: {}", ex.getMessage());
		}
	}

	/** Runs on the same tick as the claims: renews when a third of the lease has gone by. */
	@Scheduled(fixedDelayString = "${mailmig.worker.poll-interval:1s}")
	void renewLeases() {
		long now = System.nanoTime();
		if (this.running.get() == 0 || now - this.lastRenewal < this.properties.heartbeat().toNanos()) {
			return;
		}
		try {
			this.queue.renew(this.properties.id(), this.properties.leaseDuration());
			this.lastRenewal = now;
		}
		catch (RuntimeException ex) {
			log.warn("Could not renew pass leases: {}", ex.getMessage());
		}
	}

}
