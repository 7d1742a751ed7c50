package io.mailmig.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.function.Supplier;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Fills a test mailbox with raw messages, independently of the project's IMAP layer: folders by display
 * name ({@code /} between levels), APPEND of the exact bytes with flags and INTERNALDATE.
 * <pre>
 * try (TestMailbox mailbox = TestMailbox.open("127.0.0.1", port, "alice", "secret")) {
 *     mailbox.create("Archivé/2019").append("Archivé/2019", TestMessages.plain(), Instant.parse(...), "\\Seen");
 * }
 * </pre>
 */
public final class TestMailbox implements AutoCloseable {

	private final Store store;

	private final char separator;

	private TestMailbox(Store store) throws MessagingException {
		this.store = store;
		this.separator = store.getDefaultFolder().getSeparator();
	}

	/** Logs in over plain IMAP (no TLS). */
	public static TestMailbox open(String host, int port, String user, String password) {
		try {
			return new TestMailbox(ImapTestSessions.connect(host, port, user, password));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("cannot log in as " + user + " at " + host + ":" + port, ex);
		}
	}

	/** Creates a folder (and its parents, as the server sees fit) and subscribes to it. */
	public TestMailbox create(String displayName) {
		return create(displayName, true);
	}

	/** Creates a folder, subscribed or not. */
	public TestMailbox create(String displayName, boolean subscribed) {
		try {
			Folder folder = folder(displayName);
			if (!folder.exists() && !folder.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS)) {
				throw new IllegalStateException("the server refused to create " + displayName);
			}
			folder.setSubscribed(subscribed);
			return this;
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("cannot create " + displayName, ex);
		}
	}

	/**
	 * Appends the exact bytes.
	 * @param flags system flags ({@code \Seen}) or keywords
	 * @return the UID the server gave (UIDPLUS), or -1
	 */
	public long append(String displayName, byte[] message, Instant internalDate, String... flags) {
		return append(displayName, message.length, () -> new java.io.ByteArrayInputStream(message), internalDate,
				flags);
	}

	/** Appends a large message, streaming its bytes. */
	public long append(String displayName, TestMessages.LargeMessage message, Instant internalDate, String... flags) {
		return append(displayName, Math.toIntExact(message.size()), message.content(), internalDate, flags);
	}

	private long append(String displayName, int size, Supplier<InputStream> content, Instant internalDate,
			String... flags) {
		try {
			IMAPFolder folder = folder(displayName);
			// the decoded name: IMAPProtocol encodes it to modified UTF-7 itself
			String name = folder.getFullName();
			Literal literal = new Literal() {
				@Override
				public int size() {
					return size;
				}

				@Override
				public void writeTo(OutputStream out) throws IOException {
					try (InputStream in = content.get()) {
						in.transferTo(out);
					}
				}
			};
			Object uid = folder.doCommand(p -> {
				AppendUID appended = p.appenduid(name, flags(flags), Date.from(internalDate), literal);
				return appended != null ? appended.uid : -1L;
			});
			return (Long) uid;
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("cannot append to " + displayName, ex);
		}
	}

	/**
	 * Copies every message of a folder into another (one {@code COPY} of the whole range: the server keeps
	 * flags and INTERNALDATE), then deletes the emptied folder.
	 */
	public TestMailbox moveAll(String fromDisplayName, String toDisplayName) {
		try {
			IMAPFolder from = folder(fromDisplayName);
			from.open(Folder.READ_WRITE);
			from.copyMessages(from.getMessages(), folder(toDisplayName));
			from.close(false);
			if (!from.delete(false)) {
				throw new IllegalStateException("the server refused to delete " + fromDisplayName);
			}
			return this;
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("cannot move " + fromDisplayName + " into " + toDisplayName, ex);
		}
	}

	@Override
	public void close() {
		try {
			store.close();
		}
		catch (MessagingException ex) {
			// logging out of a test server: nothing to do
		}
	}

	private IMAPFolder folder(String displayName) throws MessagingException {
		String name = separator == '/' ? displayName : displayName.replace('/', separator);
		return (IMAPFolder) store.getFolder(name);
	}

	private static Flags flags(String... names) {
		Flags flags = new Flags();
		for (String name : names) {
			switch (name.toLowerCase(Locale.ROOT)) {
				case "\\seen" -> flags.add(Flags.Flag.SEEN);
				case "\\answered" -> flags.add(Flags.Flag.ANSWERED);
				case "\\flagged" -> flags.add(Flags.Flag.FLAGGED);
				case "\\deleted" -> flags.add(Flags.Flag.DELETED);
				case "\\draft" -> flags.add(Flags.Flag.DRAFT);
				default -> flags.add(name);
			}
		}
		return flags;
	}

}
