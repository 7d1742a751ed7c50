package io.mailmig.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TcpProxyTests {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final Queue<String> received = new ConcurrentLinkedQueue<>();

	private ServerSocket echo;

	private TcpProxy proxy;

	@BeforeEach
	void startEchoServerAndProxy() throws IOException {
		echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		threads.execute(() -> {
			while (!echo.isClosed()) {
				try {
					Socket socket = echo.accept();
					threads.execute(() -> echoUntilEnd(socket));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort());
	}

	@AfterEach
	void stop() throws IOException {
		proxy.close();
		echo.close();
		threads.shutdownNow();
	}

	@Test
	void proxyShouldForwardBothWaysWhenNothingFails() throws IOException {
		// given
		try (Socket socket = connect()) {
			// when
			socket.getOutputStream().write("hello".getBytes());

			// then
			assertThat(socket.getInputStream().readNBytes(5)).isEqualTo("hello".getBytes());
			assertThat(proxy.openConnections()).isEqualTo(1);
		}
	}

	@Test
	void peakConnectionsShouldCountTheMostOpenAtOnceWhenConnectionsComeAndGo() throws IOException {
		// given three connections open together
		Socket a = connect();
		Socket b = connect();
		Socket c = connect();
		await().atMost(Duration.ofSeconds(5)).until(() -> proxy.peakConnections() == 3);

		// when they close and two more open one after the other
		a.close();
		b.close();
		c.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 0);
		try (Socket d = connect()) {
			d.getOutputStream().write("d".getBytes());
			assertThat(d.getInputStream().read()).isEqualTo('d');
		}
		try (Socket e = connect()) {
			e.getOutputStream().write("e".getBytes());
			assertThat(e.getInputStream().read()).isEqualTo('e');
		}

		// then the peak is still the three at once
		assertThat(proxy.peakConnections()).isEqualTo(3);
		assertThat(proxy.acceptedConnections()).isEqualTo(5);
	}

	@Test
	void cutAllShouldDropOpenConnectionsWhenCalled() throws IOException {
		// given
		try (Socket socket = connect()) {
			socket.getOutputStream().write("ping".getBytes());
			socket.getInputStream().readNBytes(4);

			// when
			proxy.cutAll();

			// then the client sees a reset (or an end), never more data
			assertThat(readOrFail(socket)).isEqualTo(-1);
			await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 0);
		}
		try (Socket again = connect()) {
			again.getOutputStream().write("x".getBytes());
			assertThat(again.getInputStream().read()).isEqualTo('x');
		}
	}

	@Test
	void pauseShouldRefuseNewConnectionsUntilResumed() throws IOException {
		// given a connection the proxy has accepted (one still in the listen backlog would be reset)
		Socket open = connect();
		await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 1);

		// when
		proxy.pause();

		// then
		assertThatExceptionOfType(ConnectException.class).isThrownBy(this::connect);
		open.getOutputStream().write("still".getBytes());
		assertThat(open.getInputStream().readNBytes(5)).isEqualTo("still".getBytes());
		proxy.resume();
		try (Socket socket = connect()) {
			socket.getOutputStream().write("back".getBytes());
			assertThat(socket.getInputStream().readNBytes(4)).isEqualTo("back".getBytes());
		}
		open.close();
	}

	@Test
	void cutAfterBytesShouldForwardExactlyNBytesThenCutWhenArmed() throws IOException {
		// given
		try (Socket socket = connect()) {
			socket.getOutputStream().write("before".getBytes());
			assertThat(socket.getInputStream().readNBytes(6)).isEqualTo("before".getBytes());

			// when
			proxy.cutAfterBytes(10);
			socket.getOutputStream().write("0123456789abcdefghij".getBytes());

			// then the server got the first 10 bytes only, then the link died
			await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("before0123456789"));
			assertThat(readUntilFailure(socket)).doesNotContain("abcdefghij");
		}
		// one shot: the next connection is not cut
		try (Socket next = connect()) {
			next.getOutputStream().write(new byte[100]);
			assertThat(next.getInputStream().readNBytes(100)).hasSize(100);
		}
	}

	@Test
	void closeShouldStopListeningWhenProxyIsClosed() {
		// when
		proxy.close();

		// then
		assertThatThrownBy(this::connect).isInstanceOf(IOException.class);
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
		socket.setSoTimeout(5000);
		return socket;
	}

	/** -1 when the connection ended or was reset. */
	private static int readOrFail(Socket socket) {
		try {
			return socket.getInputStream().read();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** Echoes, and records what the connection received once it ends. */
	private void echoUntilEnd(Socket socket) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
			byte[] buffer = new byte[4096];
			for (int n; (n = in.read(buffer)) >= 0;) {
				all.write(buffer, 0, n);
				out.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			// the proxy cut us
		}
		received.add(all.toString(StandardCharsets.US_ASCII));
	}

	private static String readUntilFailure(Socket socket) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		try {
			for (int b; (b = socket.getInputStream().read()) >= 0;) {
				all.write(b);
			}
		}
		catch (IOException ex) {
			// reset: what came before is all there is
		}
		return all.toString(StandardCharsets.US_ASCII);
	}

}
