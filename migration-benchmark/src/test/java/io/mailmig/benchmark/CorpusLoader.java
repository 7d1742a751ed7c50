package io.mailmig.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.TestMailbox;

/**
 * Loads a {@link Corpus} into the source server over several connections at once (plain APPENDs through
 * the test-jar's {@link TestMailbox}, independent of the code under test): one mailbox is split over
 * {@value #CONNECTIONS} connections, many mailboxes are loaded side by side.
 */
final class CorpusLoader {

	static final int CONNECTIONS = 6;

	private CorpusLoader() {
	}

	/** Loads every mailbox of the corpus; the bytes appended. */
	static long load(Corpus corpus, DovecotServer server) throws InterruptedException, ExecutionException {
		ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
		try {
			List<Future<?>> folders = new ArrayList<>();
			for (int user = 1; user <= corpus.users(); user++) {
				int u = user;
				folders.add(pool.submit(() -> {
					try (TestMailbox mailbox = open(server, u)) {
						corpus.foldersToCreate().forEach(mailbox::create);
					}
				}));
			}
			for (Future<?> f : folders) {
				f.get();
			}
			int parts = Math.max(1, CONNECTIONS / corpus.users());
			List<Future<Long>> loads = new ArrayList<>();
			for (int user = 1; user <= corpus.users(); user++) {
				for (int part = 0; part < parts; part++) {
					int u = user;
					int p = part;
					loads.add(pool.submit(() -> loadPart(corpus, server, u, p, parts)));
				}
			}
			long bytes = 0;
			for (Future<Long> f : loads) {
				bytes += f.get();
			}
			return bytes;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static long loadPart(Corpus corpus, DovecotServer server, int user, int part, int parts) {
		long bytes = 0;
		try (TestMailbox mailbox = open(server, user)) {
			for (int i = part; i < corpus.messagesPerUser(); i += parts) {
				byte[] message = corpus.message(user, i);
				mailbox.append(corpus.folderOf(i), message, corpus.internalDate(i), corpus.flags(i));
				bytes += message.length;
			}
		}
		return bytes;
	}

	private static TestMailbox open(DovecotServer server, int user) {
		String name = Corpus.user(user);
		return TestMailbox.open("127.0.0.1", server.port(), name, server.credentials(name).password());
	}

}
