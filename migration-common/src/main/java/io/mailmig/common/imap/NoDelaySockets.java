package io.mailmig.common.imap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories whose sockets have TCP_NODELAY. Pipelined commands are small writes sent while an
 * earlier one is not acknowledged yet: with Nagle's algorithm each of them would wait for that
 * acknowledgement, one network round trip apiece, which undoes the pipelining.
 */
final class NoDelaySockets {

	private NoDelaySockets() {
	}

	static SocketFactory plain() {
		return new Plain();
	}

	static SSLSocketFactory tls(SSLSocketFactory delegate) {
		return new Tls(delegate);
	}

	private static <S extends Socket> S noDelay(S socket) throws IOException {
		socket.setTcpNoDelay(true);
		return socket;
	}

	/** Plain sockets (also the ones STARTTLS later wraps). */
	private static final class Plain extends SocketFactory {

		@Override
		public Socket createSocket() throws IOException {
			return noDelay(new Socket());
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return noDelay(new Socket(host, port));
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			return noDelay(new Socket(host, port, localHost, localPort));
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return noDelay(new Socket(host, port));
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
				throws IOException {
			return noDelay(new Socket(address, port, localAddress, localPort));
		}

	}

	/** TLS sockets from the given factory (the certificate checks stay the factory's). */
	private static final class Tls extends SSLSocketFactory {

		private final SSLSocketFactory delegate;

		Tls(SSLSocketFactory delegate) {
			this.delegate = delegate;
		}

		@Override
		public String[] getDefaultCipherSuites() {
			return this.delegate.getDefaultCipherSuites();
		}

		@Override
		public String[] getSupportedCipherSuites() {
			return this.delegate.getSupportedCipherSuites();
		}

		@Override
		public Socket createSocket() throws IOException {
			return noDelay(this.delegate.createSocket());
		}

		@Override
		public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
			return noDelay(this.delegate.createSocket(socket, host, port, autoClose));
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return noDelay(this.delegate.createSocket(host, port));
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			return noDelay(this.delegate.createSocket(host, port, localHost, localPort));
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return noDelay(this.delegate.createSocket(host, port));
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
				throws IOException {
			return noDelay(this.delegate.createSocket(address, port, localAddress, localPort));
		}

	}

}
