package io.mailmig.common.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.Security;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The IMAP contract against GreenMail, in this JVM. GreenMail offers no SPECIAL-USE, CONDSTORE,
 * STARTTLS or AUTH=PLAIN: those cases are in {@link DovecotImapSessionIntegrationTests}.
 */
class GreenMailImapSessionIntegrationTests implements ImapSessionContract {

	private static GreenMail greenMail;

	@BeforeAll
	static void startGreenMail() {
		greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
		greenMail.start();
		greenMail.setUser("user1@localhost", "user1", "secret");
	}

	@AfterAll
	static void stopGreenMail() {
		greenMail.stop();
	}

	@Override
	public ImapEndpoint endpoint() {
		return new ImapEndpoint("127.0.0.1", greenMail.getImap().getPort(), Security.NONE);
	}

	@Override
	public Credentials credentials() {
		return new Credentials("user1", "secret");
	}

	@Override
	public char expectedSeparator() {
		return '.';
	}

}
