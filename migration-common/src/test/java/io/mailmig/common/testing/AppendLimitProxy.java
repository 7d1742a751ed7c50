package io.mailmig.common.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback TCP forwarder to an IMAP server that adds {@code APPENDLIMIT=n} (RFC 7889) to every
 * capability list the server sends, and changes nothing else: Debian's Dovecot 2.3 enforces a
 * maximum message size ({@code quota_max_mail_size}) but does not announce it, so the tests announce
 * the limit for it.
 */
public final class AppendLimitProxy implements AutoCloseable {

	private static final String MARKER = "CAPABILITY IMAP4rev1";

	private final ServerSocket server;

	private final int targetPort;

	private final String addition;

	private AppendLimitProxy(int targetPort, long limit) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.targetPort = targetPort;
		this.addition = MARKER + " APPENDLIMIT=" + limit;
	}

	/** Forwards from a free loopback port to {@code 127.0.0.1:targetPort}. */
	public static AppendLimitProxy start(int targetPort, long limit) {
		try {
			AppendLimitProxy proxy = new AppendLimitProxy(targetPort, limit);
			daemon(proxy::accept);
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.server.getLocalPort();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				daemon(() -> copy(client, target));
				daemon(() -> rewrite(target, client));
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private static void copy(Socket from, Socket to) {
		try (from; to) {
			from.getInputStream().transferTo(to.getOutputStream());
		}
		catch (IOException ex) {
			// either side went away
		}
	}

	/** Server to client, line by line: IMAP capability lists are never inside a literal here. */
	private void rewrite(Socket from, Socket to) {
		try (from; to) {
			InputStream in = new BufferedInputStream(from.getInputStream());
			OutputStream out = to.getOutputStream();
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			int b;
			while ((b = in.read()) >= 0) {
				line.write(b);
				if (b == '\n') {
					String text = line.toString(StandardCharsets.ISO_8859_1);
					out.write(text.replace(MARKER, this.addition).getBytes(StandardCharsets.ISO_8859_1));
					out.flush();
					line.reset();
				}
			}
		}
		catch (IOException ex) {
			// either side went away
		}
	}

	private static void daemon(Runnable task) {
		Thread thread = new Thread(task, "append-limit-proxy");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// nothing left to do
		}
	}

}
