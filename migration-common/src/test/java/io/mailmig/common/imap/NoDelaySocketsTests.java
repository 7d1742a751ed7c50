package io.mailmig.common.imap;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NoDelaySocketsTests {

	@Test
	void socketsShouldHaveTcpNoDelayWhenCreatedUnconnectedOrConnected() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
				Socket unconnected = NoDelaySockets.plain().createSocket();
				Socket connected = NoDelaySockets.plain().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
				Socket tls = NoDelaySockets.tls((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket()) {
			assertThat(unconnected.getTcpNoDelay()).isTrue();
			assertThat(connected.getTcpNoDelay()).isTrue();
			assertThat(tls.getTcpNoDelay()).isTrue();
		}
	}

}
