package io.mailmig.standalone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Two IMAP servers on loopback for trying the service without mail servers of one's own (GreenMail, in
 * memory: they start afresh at every start of the launcher). The source holds sample mail for each
 * demo account; the destination has the same accounts, empty.
 */
final class DemoMailServers implements AutoCloseable {

	/** The demo accounts, the same on both servers. */
	static final List<Account> ACCOUNTS = List.of(new Account("alice", "alice-pw"), new Account("bob", "bob-pw"));

	private final GreenMail source;

	private final GreenMail destination;

	private DemoMailServers(GreenMail source, GreenMail destination) {
		this.source = source;
		this.destination = destination;
	}

	static DemoMailServers start(int sourcePort, int destinationPort, int messagesPerAccount) {
		GreenMail source = start(sourcePort);
		GreenMail destination = start(destinationPort);
		for (Account account : ACCOUNTS) {
			DemoMail.seed(source, source.setUser(account.user() + "@demo.example", account.user(), account.password()),
					messagesPerAccount);
			destination.setUser(account.user() + "@demo.example", account.user(), account.password());
		}
		return new DemoMailServers(source, destination);
	}

	/** An IMAP server on the given loopback port, or on any free one when that one is taken (or 0). */
	static GreenMail start(int port) {
		GreenMail server = new GreenMail(isFree(port) ? new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
				: new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
		server.start();
		return server;
	}

	int sourcePort() {
		return this.source.getImap().getPort();
	}

	int destinationPort() {
		return this.destination.getImap().getPort();
	}

	private static boolean isFree(int port) {
		if (port == 0) {
			return false;
		}
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.destination.stop();
		this.source.stop();
	}

	/** A demo login. */
	record Account(String user, String password) {

		@Override
		public String toString() {
			return "Account[user=" + this.user + ", password=******]";
		}

	}

}
