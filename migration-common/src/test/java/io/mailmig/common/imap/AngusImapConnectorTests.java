package io.mailmig.common.imap;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.Security;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AngusImapConnectorTests {

	private static final ImapTimeouts SHORT = new ImapTimeouts(Duration.ofMillis(500), Duration.ofMillis(300),
			Duration.ofMillis(300));

	@Test
	void openShouldFailTransientWithinTheReadTimeoutWhenServerNeverGreets() throws Exception {
		// given: the kernel accepts the connection, nobody ever writes a greeting
		try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			ImapEndpoint endpoint = new ImapEndpoint("127.0.0.1", silent.getLocalPort(), Security.NONE);
			long start = System.nanoTime();

			// when / then
			assertThatThrownBy(() -> new AngusImapConnector(SHORT).open(endpoint, new Credentials("u", "p")))
				.isInstanceOf(TransientImapException.class)
				.hasMessageContaining("Read timed out");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void openShouldFailWithTlsWhenTrustedCertificateIsNotPem() {
		// given
		ImapEndpoint endpoint = new ImapEndpoint("127.0.0.1", 993, Security.TLS, "not a certificate");

		// when / then
		assertThatThrownBy(() -> new AngusImapConnector(SHORT).open(endpoint, new Credentials("u", "p")))
			.isInstanceOfSatisfying(MailboxImapException.class,
					ex -> assertThat(ex.reason()).isEqualTo(MailboxImapException.Reason.TLS));
	}

	@Test
	void connectorShouldRefuseRangesTooSmallToBeUseful() {
		// when / then
		assertThatThrownBy(() -> new AngusImapConnector(SHORT, 10)).isInstanceOf(IllegalArgumentException.class);
	}

}
