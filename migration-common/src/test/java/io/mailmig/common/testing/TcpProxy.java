package io.mailmig.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP forwarder in front of a server, to make the network fail on purpose: cut every
 * connection, refuse new ones for a while, or cut a connection in the middle of what the client sends
 * (an APPEND literal, say). Cuts are abrupt: the proxy closes both sockets with SO_LINGER 0, so the peers
 * see a reset, not an orderly end.
 * <pre>
 * try (TcpProxy proxy = TcpProxy.start("127.0.0.1", imapPort)) {
 *     connect to 127.0.0.1:proxy.port() ...
 *     proxy.cutAfterBytes(64 * 1024);   // the next connection dies after 64 KiB sent
 * }
 * </pre>
 */
public final class TcpProxy implements AutoCloseable {

	private static final long UNARMED = -1;

	private final InetSocketAddress target;

	private final ExecutorService threads;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final AtomicLong cutBudget = new AtomicLong(UNARMED);

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger peak = new AtomicInteger();

	/** The first {@link #CLIENT_TEXT_LIMIT} bytes clients sent, every connection in turn. */
	private final java.io.ByteArrayOutputStream clientText = new java.io.ByteArrayOutputStream();

	private static final int CLIENT_TEXT_LIMIT = 64 * 1024;

	private final int port;

	private volatile ServerSocket server;

	private volatile Thread acceptor;

	private volatile boolean closed;

	private TcpProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.threads = Executors.newCachedThreadPool(r -> {
			Thread t = new Thread(r, "tcp-proxy-" + target.getPort());
			t.setDaemon(true);
			return t;
		});
		this.server = listen(0);
		this.port = server.getLocalPort();
		accept(server);
	}

	private final java.util.concurrent.atomic.AtomicReference<byte[]> replyMarker = new java.util.concurrent.atomic.AtomicReference<>();

	private final java.util.concurrent.atomic.AtomicReference<byte[][]> clientRewrite = new java.util.concurrent.atomic.AtomicReference<>();

	private final java.util.concurrent.atomic.AtomicInteger rewrites = new java.util.concurrent.atomic.AtomicInteger();

	private final java.util.concurrent.atomic.AtomicBoolean replyCutFired = new java.util.concurrent.atomic.AtomicBoolean();

	/** A proxy on a free loopback port forwarding to {@code host:port}. */
	public static TcpProxy start(String host, int port) {
		try {
			return new TcpProxy(new InetSocketAddress(host, port));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The loopback port clients connect to. */
	public int port() {
		return port;
	}

	/** Connections forwarded now. */
	public int openConnections() {
		return links.size();
	}

	/**
	 * The most connections open at the same time since the start. A connection counts from its accept
	 * until the client closes it (or it is cut), not until the server has noticed.
	 */
	public int peakConnections() {
		return peak.get();
	}

	/** Connections accepted since the start. */
	public int acceptedConnections() {
		return accepted.get();
	}

	/**
	 * What clients have sent so far (the first 64 KB, as ISO-8859-1 text): the commands a client wrote,
	 * for a test that counts them.
	 */
	public String clientText() {
		synchronized (this.clientText) {
			return this.clientText.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
		}
	}

	/** Drops every open connection abruptly (reset); new connections are still accepted. */
	public void cutAll() {
		links.forEach(Link::cut);
	}

	/**
	 * Refuses new connections until {@link #resume()}: the listening socket is closed, so a client's
	 * connect fails at once (connection refused). Open connections go on, but one the kernel completed
	 * and the proxy had not accepted yet is reset: wait for {@link #openConnections()} first.
	 */
	public synchronized void pause() {
		stopListening();
	}

	/** Accepts connections again, on the same port. */
	public synchronized void resume() {
		if (closed || !server.isClosed()) {
			return;
		}
		try {
			server = listen(port);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot listen on port " + port + " again", ex);
		}
		accept(server);
	}

	/**
	 * Arms a one-shot cut: the first connection through which {@code n} more bytes flow from client to
	 * server (counted from this call for open connections, from their start for new ones) forwards
	 * exactly {@code n} of them and is then cut: the client sees a reset, the server the end of the stream
	 * right after those {@code n} bytes. Later connections are not affected.
	 */
	public void cutAfterBytes(long n) {
		if (n < 0) {
			throw new IllegalArgumentException("n must not be negative, was " + n);
		}
		links.forEach(Link::markBudgetStart);
		cutBudget.set(n);
	}

	/**
	 * Arms a one-shot cut on the way back: the first server reply that contains {@code marker} (e.g.
	 * {@code APPENDUID}) is swallowed and its connection cut, so the client never learns that its
	 * command succeeded — an APPEND stored at the server whose tagged {@code OK} was lost.
	 */
	public void cutReplyContaining(String marker) {
		replyMarker.set(marker.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
	}

	/**
	 * From now on, rewrites {@code marker} to {@code replacement} (the same length) in whatever clients
	 * send — a wire or server that alters a message on its way in. Only a marker within one read of the
	 * stream is seen; the tests' markers are short.
	 */
	public void rewriteClientBytes(String marker, String replacement) {
		if (marker.length() != replacement.length()) {
			throw new IllegalArgumentException("the replacement must have the marker's length");
		}
		clientRewrite.set(new byte[][] { marker.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
				replacement.getBytes(java.nio.charset.StandardCharsets.US_ASCII) });
	}

	/** How many times {@link #rewriteClientBytes} rewrote its marker. */
	public int rewrites() {
		return rewrites.get();
	}

	/** Whether the armed {@link #cutReplyContaining(String)} has fired. */
	public boolean replyCutFired() {
		return replyCutFired.get();
	}

	/** Disarms {@link #cutAfterBytes(long)} if it has not fired yet. */
	public void cancelCut() {
		cutBudget.set(UNARMED);
	}

	@Override
	public synchronized void close() {
		closed = true;
		stopListening();
		cutAll();
		threads.shutdownNow();
	}

	private ServerSocket listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return socket;
	}

	private void accept(ServerSocket listening) {
		acceptor = new Thread(() -> {
			while (!listening.isClosed()) {
				try {
					Socket client = listening.accept();
					accepted.incrementAndGet();
					open(client);
				}
				catch (IOException ex) {
					// closed by pause() or close()
				}
			}
		}, "tcp-proxy-accept-" + port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Closes the listening socket and waits for the accepting thread to end: the JDK may keep the socket
	 * listening until the thread blocked in accept() lets go of it.
	 */
	private void stopListening() {
		closeQuietly(server);
		try {
			acceptor.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void open(Socket client) {
		if (closed) {
			reset(client);
			return;
		}
		Socket upstream = new Socket();
		try {
			// without TCP_NODELAY every IMAP round trip through the proxy waits for a delayed ACK (~40 ms)
			client.setTcpNoDelay(true);
			upstream.setTcpNoDelay(true);
			upstream.connect(target, 5000);
		}
		catch (IOException ex) {
			reset(client);
			return;
		}
		Link link = new Link(client, upstream);
		links.add(link);
		peak.accumulateAndGet(open.incrementAndGet(), Math::max);
		threads.execute(link::clientToServer);
		threads.execute(link::serverToClient);
	}

	/** Replaces every {@code marker} in the first {@code length} bytes; how many. */
	private static int replace(byte[] buffer, int length, byte[] marker, byte[] replacement) {
		int replaced = 0;
		outer: for (int i = 0; i + marker.length <= length; i++) {
			for (int j = 0; j < marker.length; j++) {
				if (buffer[i + j] != marker[j]) {
					continue outer;
				}
			}
			System.arraycopy(replacement, 0, buffer, i, replacement.length);
			replaced++;
		}
		return replaced;
	}

	private static boolean contains(byte[] buffer, int length, byte[] marker) {
		outer: for (int i = 0; i + marker.length <= length; i++) {
			for (int j = 0; j < marker.length; j++) {
				if (buffer[i + j] != marker[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	private static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (SocketException ex) {
			// already closed
		}
		closeQuietly(socket);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing to do: we are tearing it down
		}
	}

	/** One forwarded connection. */
	private final class Link {

		private final Socket client;

		private final Socket upstream;

		private final AtomicLong sent = new AtomicLong();

		private volatile long budgetStart;

		private volatile boolean clientGone;

		private final java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean(true);

		Link(Socket client, Socket upstream) {
			this.client = client;
			this.upstream = upstream;
		}

		void markBudgetStart() {
			budgetStart = sent.get();
		}

		void clientToServer() {
			byte[] buffer = new byte[16384];
			try {
				// the streams are not closed here: closing one closes its socket, and the other direction
				// may still be flowing
				InputStream in = client.getInputStream();
				OutputStream out = upstream.getOutputStream();
				for (int n; (n = in.read(buffer)) >= 0;) {
					long budget = cutBudget.get();
					long allowed = budget == UNARMED ? Long.MAX_VALUE : budgetStart + budget - sent.get();
					if (allowed <= n && cutBudget.compareAndSet(budget, UNARMED)) {
						out.write(buffer, 0, (int) Math.max(allowed, 0));
						out.flush();
						cutClientSide();
						return;
					}
					byte[][] rewrite = clientRewrite.get();
					if (rewrite != null) {
						rewrites.addAndGet(replace(buffer, n, rewrite[0], rewrite[1]));
					}
					// counted before it is forwarded, so that whoever sees the server's reaction sees the count
					sent.addAndGet(n);
					synchronized (clientText) {
						clientText.write(buffer, 0, Math.max(0, Math.min(n, CLIENT_TEXT_LIMIT - clientText.size())));
					}
					out.write(buffer, 0, n);
					out.flush();
				}
				ended(); // the client closed it
				upstream.shutdownOutput();
			}
			catch (IOException ex) {
				cut();
			}
		}

		/** No longer counted as open; once. */
		void ended() {
			if (counted.compareAndSet(true, false)) {
				open.decrementAndGet();
			}
		}

		void serverToClient() {
			byte[] buffer = new byte[16384];
			try {
				InputStream in = upstream.getInputStream();
				OutputStream out = client.getOutputStream();
				for (int n; (n = in.read(buffer)) >= 0;) {
					byte[] marker = replyMarker.get();
					if (marker != null && contains(buffer, n, marker) && replyMarker.compareAndSet(marker, null)) {
						replyCutFired.set(true);
						cut();
						return;
					}
					try {
						if (!clientGone) {
							out.write(buffer, 0, n);
							out.flush();
						}
					}
					catch (IOException ex) {
						if (!clientGone) {
							throw ex;
						}
						// cut by cutAfterBytes() while writing: keep draining the server until it ends
					}
				}
			}
			catch (IOException ex) {
				cut();
			}
			finally {
				closeQuietly(client);
				closeQuietly(upstream);
				links.remove(this);
				ended();
			}
		}

		/**
		 * The client sees a reset; the server sees exactly the bytes forwarded so far, then the end of the
		 * stream (not a reset, which would make it drop what it has not read yet), so a test knows what
		 * the server received.
		 */
		void cutClientSide() throws IOException {
			clientGone = true;
			reset(client);
			ended();
			upstream.shutdownOutput();
		}

		void cut() {
			reset(client);
			reset(upstream);
			links.remove(this);
			ended();
		}

	}

}
