package io.mailmig.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DelayProxyTests {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private ServerSocket echo;

	private DelayProxy proxy;

	@BeforeEach
	void startEchoServerAndProxy() throws IOException {
		this.echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.threads.execute(() -> {
			while (!this.echo.isClosed()) {
				try {
					Socket socket = this.echo.accept();
					this.threads.execute(() -> {
						try (socket) {
							socket.getInputStream().transferTo(socket.getOutputStream());
						}
						catch (IOException ex) {
							// client gone
						}
					});
				}
				catch (IOException ex) {
					return;
				}
			}
		});
		this.proxy = DelayProxy.start("127.0.0.1", this.echo.getLocalPort(), Duration.ofMillis(25));
	}

	@AfterEach
	void stop() throws IOException {
		this.proxy.close();
		this.echo.close();
		this.threads.shutdownNow();
	}

	@Test
	void aRoundTripTakesTwiceTheOneWayDelay() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.proxy.port())) {
			socket.setTcpNoDelay(true);
			long start = System.nanoTime();
			socket.getOutputStream().write('x');
			assertThat(socket.getInputStream().read()).isEqualTo('x');
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(50),
					Duration.ofMillis(500));
		}
	}

	@Test
	void bytesFlowAtFullSpeedOnlyLaterAndInOrder() throws Exception {
		byte[] payload = new byte[8 * 1024 * 1024];
		for (int i = 0; i < payload.length; i++) {
			payload[i] = (byte) (i * 31 + (i >> 12));
		}
		try (Socket socket = new Socket("127.0.0.1", this.proxy.port())) {
			long start = System.nanoTime();
			Future<byte[]> back = this.threads.submit(() -> socket.getInputStream().readNBytes(payload.length));
			OutputStream out = socket.getOutputStream();
			// 128 writes of 64 KiB: a proxy that slept the delay per chunk would need over 3 s
			for (int offset = 0; offset < payload.length; offset += 65536) {
				out.write(payload, offset, 65536);
			}
			assertThat(Arrays.equals(back.get(), payload)).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			socket.shutdownOutput();
			InputStream in = socket.getInputStream();
			assertThat(in.read()).isEqualTo(-1);
		}
	}

}
