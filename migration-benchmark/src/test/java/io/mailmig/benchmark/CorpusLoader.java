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
 * {@value #CONNECTIONS} connections, many mailboxes are loaded side by side. Connections appending to the
 * same folder make Dovecot rescan its Maildir at every APPEND (50,000 messages in one folder took over
 * 10 minutes): a corpus of one folder is appended to a staging folder per connection, each then moved
 * in with one COPY.
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
						if (staged(corpus)) {
							for (int part = 0; part < CONNECTIONS; part++) {
								mailbox.create(staging(part), false);
							}
						}
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
			if (staged(corpus)) {
				for (int user = 1; user <= corpus.users(); user++) {
					try (TestMailbox mailbox = open(server, user)) {
						for (int part = 0; part < parts; part++) {
							mailbox.moveAll(staging(part), corpus.folders().get(0));
						}
					}
				}
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
				mailbox.append(staged(corpus) ? staging(part) : corpus.folderOf(i), message, corpus.internalDate(i),
						corpus.flags(i));
				bytes += message.length;
			}
		}
		return bytes;
	}

	private static boolean staged(Corpus corpus) {
		return corpus.folders().size() == 1 && corpus.users() == 1;
	}

	private static String staging(int part) {
		return "Chargement " + part;
	}

	private static TestMailbox open(DovecotServer server, int user) {
		String name = Corpus.user(user);
		return TestMailbox.open("127.0.0.1", server.port(), name, server.credentials(name).password());
	}

}
