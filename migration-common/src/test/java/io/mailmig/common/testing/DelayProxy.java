package io.mailmig.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP forwarder that adds a fixed one-way delay to every byte in both directions, to model a
 * network round trip ({@code 2 × oneWay}) on a machine without netem. It is a delay line, not a
 * throttle: each direction has a reader that stamps every chunk it reads with its due time and queues it
 * at once, and a writer that sends each chunk when it is due, so bytes keep flowing at full speed, only
 * later. TCP_NODELAY on both sides, so a small IMAP command is not held back on top of the delay.
 * <pre>
 * try (DelayProxy proxy = DelayProxy.start("127.0.0.1", imapPort, Duration.ofMillis(10))) {
 *     connect to 127.0.0.1:proxy.port() ... // 20 ms round trip
 * }
 * </pre>
 */
public final class DelayProxy implements AutoCloseable {

	/** Bytes one direction of one connection may hold in its delay line before its reader waits. */
	private static final int IN_FLIGHT_BYTES = 32 * 1024 * 1024;

	private final InetSocketAddress target;

	private final long delayNanos;

	private final ServerSocket server;

	private final ExecutorService threads;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private DelayProxy(InetSocketAddress target, Duration oneWay) throws IOException {
		this.target = target;
		this.delayNanos = oneWay.toNanos();
		this.threads = Executors.newCachedThreadPool(r -> {
			Thread t = new Thread(r, "delay-proxy-" + target.getPort());
			t.setDaemon(true);
			return t;
		});
		this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		this.threads.execute(this::accept);
	}

	/** A proxy on a free loopback port forwarding to {@code host:port}, {@code oneWay} later each way. */
	public static DelayProxy start(String host, int port, Duration oneWay) {
		try {
			return new DelayProxy(new InetSocketAddress(host, port), oneWay);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The loopback port clients connect to. */
	public int port() {
		return this.server.getLocalPort();
	}

	@Override
	public void close() {
		closeQuietly(this.server);
		this.sockets.forEach(DelayProxy::closeQuietly);
		this.threads.shutdownNow();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket();
				this.sockets.add(client);
				this.sockets.add(upstream);
				try {
					client.setTcpNoDelay(true);
					upstream.setTcpNoDelay(true);
					upstream.connect(this.target, 5000);
				}
				catch (IOException ex) {
					closeQuietly(client);
					closeQuietly(upstream);
					continue;
				}
				AtomicInteger open = new AtomicInteger(2);
				new Direction(client, upstream, open).start();
				new Direction(upstream, client, open).start();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// tearing down
		}
	}

	/** One direction of one connection: a reader filling the delay line, a writer emptying it. */
	private final class Direction {

		private final Socket from;

		private final Socket to;

		private final DelayQueue<Chunk> line = new DelayQueue<>();

		private final Semaphore room = new Semaphore(IN_FLIGHT_BYTES);

		private final AtomicLong sequence = new AtomicLong();

		/** Directions of this connection still open: the sockets are closed when both have ended. */
		private final AtomicInteger open;

		Direction(Socket from, Socket to, AtomicInteger open) {
			this.from = from;
			this.to = to;
			this.open = open;
		}

		void start() {
			threads.execute(this::read);
			threads.execute(this::write);
		}

		private void read() {
			byte[] buffer = new byte[64 * 1024];
			try {
				InputStream in = this.from.getInputStream();
				for (int n; (n = in.read(buffer)) >= 0;) {
					this.room.acquire(n);
					this.line.put(new Chunk(System.nanoTime() + delayNanos, this.sequence.getAndIncrement(),
							Arrays.copyOf(buffer, n)));
				}
				this.line.put(new Chunk(System.nanoTime() + delayNanos, this.sequence.getAndIncrement(), null));
			}
			catch (IOException | InterruptedException ex) {
				closeBoth();
			}
		}

		private void write() {
			try {
				OutputStream out = this.to.getOutputStream();
				while (true) {
					Chunk chunk = this.line.take();
					if (chunk.bytes == null) {
						this.to.shutdownOutput();
						if (this.open.decrementAndGet() == 0) {
							closeBoth();
						}
						return;
					}
					out.write(chunk.bytes);
					out.flush();
					this.room.release(chunk.bytes.length);
				}
			}
			catch (IOException | InterruptedException ex) {
				closeBoth();
			}
		}

		private void closeBoth() {
			closeQuietly(this.from);
			closeQuietly(this.to);
			sockets.remove(this.from);
			sockets.remove(this.to);
		}

	}

	/** Bytes read at one moment, due {@code dueNanos} ({@link System#nanoTime()}); null bytes: end of stream. */
	private record Chunk(long dueNanos, long sequence, byte[] bytes) implements Delayed {

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(this.dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
		}

		@Override
		public int compareTo(Delayed other) {
			// one reader stamps the chunks of a line in order, so the sequence orders their due times too
			return Long.compare(this.sequence, ((Chunk) other).sequence);
		}

	}

}
