package io.mailmig.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.FolderNameTranslation;
import io.mailmig.common.testing.MailboxSnapshot;

/**
 * Whether every destination mailbox is identical to its source, read independently of the code under
 * test ({@link MailboxSnapshot}): per folder, the multiset of (SHA-256 of the raw message, flags,
 * INTERNALDATE), folder attributes and subscriptions, special-use folders paired by role (the source's
 * {@code Éléments envoyés} is the destination's {@code Sent}). Every mailbox is compared.
 */
final class Identity {

	private Identity() {
	}

	/**
	 * @param mailboxes mailboxes compared
	 * @param messages messages compared at the source
	 * @param differences what differs (empty: identical)
	 * @param seconds how long the comparison took
	 */
	record Result(int mailboxes, long messages, List<String> differences, double seconds) {

		boolean identical() {
			return this.differences.isEmpty();
		}

	}

	static Result check(Corpus corpus, DovecotServer source, DovecotServer destination) throws Exception {
		long start = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<MailboxSnapshot>> sources = new ArrayList<>();
			List<Future<MailboxSnapshot>> destinations = new ArrayList<>();
			for (int user = 1; user <= corpus.users(); user++) {
				String name = Corpus.user(user);
				sources.add(pool.submit(() -> read(source, name)));
				destinations.add(pool.submit(() -> read(destination, name)));
			}
			List<String> differences = new ArrayList<>();
			long messages = 0;
			for (int i = 0; i < sources.size(); i++) {
				MailboxSnapshot from = sources.get(i).get();
				messages += from.messageCount();
				String user = Corpus.user(i + 1);
				MailboxSnapshot.diff(from, destinations.get(i).get(), FolderNameTranslation.bySpecialUse())
					.forEach(d -> differences.add(user + ": " + d));
			}
			return new Result(corpus.users(), messages, differences, ServiceRun.seconds(start));
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static MailboxSnapshot read(DovecotServer server, String user) {
		return MailboxSnapshot.read("127.0.0.1", server.port(), user, server.credentials(user).password());
	}

}
