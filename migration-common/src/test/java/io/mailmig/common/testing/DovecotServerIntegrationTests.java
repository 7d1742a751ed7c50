package io.mailmig.common.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;

import io.mailmig.common.imap.AngusImapConnector;
import io.mailmig.common.imap.ImapSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DovecotServerIntegrationTests {

	@Test
	void stopShouldEndEveryDovecotProcessAndFreeThePortWhenRunning() {
		// given
		try (DovecotServer dovecot = DovecotServer.builder().build().start()) {
			List<ProcessHandle> before = dovecotProcessesIn(dovecot);
			assertThat(before).isNotEmpty();

			// when
			dovecot.stop();

			// then
			assertThat(dovecot.isRunning()).isFalse();
			assertThat(before).noneMatch(ProcessHandle::isAlive);
			assertThat(dovecotProcessesIn(dovecot)).isEmpty();
			assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), dovecot.port()).close())
				.isInstanceOf(IOException.class);
		}
	}

	@Test
	void restartShouldReuseThePortAndTheMailWhenStopped() {
		// given
		try (DovecotServer dovecot = DovecotServer.builder().separator('/').build().start()) {
			int port = dovecot.port();
			AngusImapConnector connector = new AngusImapConnector(ImapSessionContract.TIMEOUTS);
			try (ImapSession session = connector.open(dovecot.endpoint(), dovecot.credentials("user5"))) {
				session.createFolder("Kept/Here");
			}

			// when
			dovecot.restart();

			// then
			assertThat(dovecot.port()).isEqualTo(port);
			try (ImapSession session = connector.open(dovecot.endpoint(), dovecot.credentials("user5"))) {
				assertThat(session.listFolders()).anyMatch(f -> f.name().equals("Kept/Here"));
			}
		}
	}

	@Test
	void builderShouldRefuseASeparatorDovecotCannotUse() {
		// when / then
		assertThatThrownBy(() -> DovecotServer.builder().separator('\\')).isInstanceOf(IllegalArgumentException.class);
	}

	private static List<ProcessHandle> dovecotProcessesIn(DovecotServer dovecot) {
		String config = dovecot.directory().resolve("dovecot.conf").toString();
		return ProcessHandle.allProcesses()
			.filter(p -> p.info().commandLine().orElse("").contains(config)
					|| p.parent().flatMap(parent -> parent.info().commandLine()).orElse("").contains(config))
			.toList();
	}

}
