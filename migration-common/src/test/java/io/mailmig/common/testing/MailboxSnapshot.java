package io.mailmig.common.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

import io.mailmig.common.imap.SpecialUse;

/**
 * What a mailbox holds, read independently of the project's IMAP layer (plain Angus Mail, read-only:
 * EXAMINE and {@code BODY.PEEK[]}), to check a migration the way {@code verify.py} does: per folder, the
 * multiset of (SHA-256 of the raw {@code BODY[]} bytes, flags without {@code \Recent}, INTERNALDATE),
 * plus folder attributes and subscriptions. {@link #diff} lists the differences between two snapshots.
 * <p>
 * Folder names are display names: levels decoded from modified UTF-7 by Angus and joined by {@code /},
 * {@code INBOX} in upper case.
 *
 * @param separator the hierarchy separator of the mailbox's personal namespace
 * @param folders every folder LIST returned, by display name
 * @param subscriptions display names of the subscribed folders (LSUB)
 */
public record MailboxSnapshot(char separator, Map<String, FolderSnapshot> folders, Set<String> subscriptions) {

	private static final int BATCH_MESSAGES = 100;

	private static final long BATCH_BYTES = 32L * 1024 * 1024;

	public MailboxSnapshot {
		folders = java.util.Collections.unmodifiableMap(new TreeMap<>(folders));
		subscriptions = java.util.Collections.unmodifiableSet(new TreeSet<>(subscriptions));
	}

	/** Reads the mailbox at {@code host:port:user:password} (plain IMAP, no TLS). */
	public static MailboxSnapshot read(String spec) {
		String[] p = ImapTestSessions.parse(spec);
		return read(p[0], Integer.parseInt(p[1]), p[2], p[3]);
	}

	/** Reads a mailbox over plain IMAP (no TLS); never changes it. */
	public static MailboxSnapshot read(String host, int port, String user, String password) {
		try (Store store = ImapTestSessions.connect(host, port, user, password)) {
			Folder root = store.getDefaultFolder();
			char separator = root.getSeparator();
			Map<String, FolderSnapshot> folders = new LinkedHashMap<>();
			for (Folder f : root.list("*")) {
				IMAPFolder folder = (IMAPFolder) f;
				Set<String> attributes = Set.of(folder.getAttributes());
				boolean selectable = attributes.stream()
					.noneMatch(a -> a.equalsIgnoreCase("\\Noselect") || a.equalsIgnoreCase("\\NonExistent"));
				List<MessageSnapshot> messages = selectable ? messages(folder) : List.of();
				String name = displayName(folder);
				folders.put(name, new FolderSnapshot(name, attributes, selectable, messages));
			}
			Set<String> subscriptions = new TreeSet<>();
			for (Folder f : root.listSubscribed("*")) {
				subscriptions.add(displayName(f));
			}
			return new MailboxSnapshot(separator, folders, subscriptions);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("cannot read " + user + "@" + host + ":" + port + ": " + ex.getMessage(), ex);
		}
	}

	/** The first folder (by name) carrying {@code role}. */
	public Optional<FolderSnapshot> folderWithRole(SpecialUse role) {
		return folders.values().stream().filter(f -> f.specialUse().contains(role)).findFirst();
	}

	/** Messages in all folders. */
	public int messageCount() {
		return folders.values().stream().mapToInt(f -> f.messages().size()).sum();
	}

	/**
	 * The differences between two mailboxes, one line each; empty when the destination holds exactly
	 * what the source holds.
	 * @param translation pairs each source folder with its destination folder
	 */
	public static List<String> diff(MailboxSnapshot source, MailboxSnapshot destination,
			FolderNameTranslation translation) {
		return new SnapshotDiff(source, destination, translation).differences();
	}

	private static String displayName(Folder folder) throws MessagingException {
		char separator = folder.getSeparator();
		String full = folder.getFullName();
		List<String> levels = new ArrayList<>(
				separator == 0 ? List.of(full) : Arrays.asList(full.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1)));
		if (levels.get(0).equalsIgnoreCase("INBOX")) {
			levels.set(0, "INBOX");
		}
		return String.join("/", levels);
	}

	private static List<MessageSnapshot> messages(IMAPFolder folder) throws MessagingException {
		folder.open(Folder.READ_ONLY);
		try {
			if (folder.getMessageCount() == 0) {
				return List.of();
			}
			Map<Long, Long> sizes = new TreeMap<>();
			for (FetchResponse r : fetch(folder, "1:*", "(UID RFC822.SIZE)")) {
				UID uid = r.getItem(UID.class);
				RFC822SIZE size = r.getItem(RFC822SIZE.class);
				if (uid != null) {
					sizes.put(uid.uid, size != null ? size.size : 0);
				}
			}
			List<MessageSnapshot> messages = new ArrayList<>();
			List<Long> batch = new ArrayList<>();
			long batchBytes = 0;
			for (Map.Entry<Long, Long> e : sizes.entrySet()) {
				if (!batch.isEmpty() && (batch.size() >= BATCH_MESSAGES || batchBytes + e.getValue() > BATCH_BYTES)) {
					messages.addAll(bodies(folder, batch));
					batch.clear();
					batchBytes = 0;
				}
				batch.add(e.getKey());
				batchBytes += e.getValue();
			}
			messages.addAll(bodies(folder, batch));
			messages.sort(Comparator.naturalOrder());
			return messages;
		}
		finally {
			folder.close(false);
		}
	}

	private static List<MessageSnapshot> bodies(IMAPFolder folder, List<Long> uids) throws MessagingException {
		String set = uids.stream().map(String::valueOf).collect(Collectors.joining(","));
		List<MessageSnapshot> messages = new ArrayList<>();
		for (FetchResponse r : fetch(folder, set, "(UID FLAGS INTERNALDATE BODY.PEEK[])")) {
			BODY body = r.getItem(BODY.class);
			if (body == null || r.getItem(UID.class) == null) {
				continue; // an unsolicited FLAGS update
			}
			ByteArray raw = body.getByteArray();
			INTERNALDATE date = r.getItem(INTERNALDATE.class);
			messages.add(new MessageSnapshot(sha256(raw), raw.getCount(), flags(r.getItem(FLAGS.class)),
					date != null ? date.getDate().toInstant() : null));
		}
		return messages;
	}

	/** Runs {@code UID FETCH} on the folder's own connection, reading the raw responses. */
	private static List<FetchResponse> fetch(IMAPFolder folder, String uids, String items) throws MessagingException {
		Object result = folder.doCommand(protocol -> {
			Response[] responses = protocol.command("UID FETCH " + uids + " " + items, null);
			protocol.handleResult(responses[responses.length - 1]);
			return Arrays.stream(responses)
				.filter(FetchResponse.class::isInstance)
				.map(FetchResponse.class::cast)
				.toList();
		});
		@SuppressWarnings("unchecked")
		List<FetchResponse> responses = (List<FetchResponse>) result;
		return responses;
	}

	private static Set<String> flags(Flags flags) {
		Set<String> names = new TreeSet<>();
		if (flags == null) {
			return names;
		}
		for (Flags.Flag flag : flags.getSystemFlags()) {
			// \Recent belongs to a session, not to the message (RFC 3501 §2.3.2)
			if (flag == Flags.Flag.ANSWERED) {
				names.add("\\Answered");
			}
			else if (flag == Flags.Flag.DELETED) {
				names.add("\\Deleted");
			}
			else if (flag == Flags.Flag.DRAFT) {
				names.add("\\Draft");
			}
			else if (flag == Flags.Flag.FLAGGED) {
				names.add("\\Flagged");
			}
			else if (flag == Flags.Flag.SEEN) {
				names.add("\\Seen");
			}
		}
		names.addAll(Arrays.asList(flags.getUserFlags()));
		return names;
	}

	private static String sha256(ByteArray raw) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(raw.getBytes(), raw.getStart(), raw.getCount());
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One folder.
	 *
	 * @param name display name
	 * @param attributes LIST attributes as sent
	 * @param selectable false for {@code \Noselect} / {@code \NonExistent}
	 * @param messages its messages, sorted
	 */
	public record FolderSnapshot(String name, Set<String> attributes, boolean selectable,
			List<MessageSnapshot> messages) {

		public FolderSnapshot {
			attributes = Set.copyOf(attributes);
			messages = List.copyOf(messages);
		}

		/** Its special-use roles (RFC 6154). */
		public Set<SpecialUse> specialUse() {
			return attributes.stream()
				.map(SpecialUse::fromAttribute)
				.flatMap(Optional::stream)
				.collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(SpecialUse.class)));
		}

	}

	/**
	 * One message as the comparison sees it.
	 *
	 * @param sha256 hex SHA-256 of the raw {@code BODY[]} bytes
	 * @param size their count
	 * @param flags flags and keywords without {@code \Recent}
	 * @param internalDate INTERNALDATE
	 */
	public record MessageSnapshot(String sha256, long size, Set<String> flags, Instant internalDate)
			implements Comparable<MessageSnapshot> {

		private static final Comparator<MessageSnapshot> ORDER = Comparator.comparing(MessageSnapshot::sha256)
			.thenComparing(m -> String.join(" ", m.flags()))
			.thenComparing(MessageSnapshot::internalDate, Comparator.nullsFirst(Comparator.naturalOrder()));

		public MessageSnapshot {
			flags = java.util.Collections.unmodifiableSet(new TreeSet<>(flags));
		}

		@Override
		public int compareTo(MessageSnapshot other) {
			return ORDER.compare(this, other);
		}

		@Override
		public String toString() {
			return sha256.substring(0, 12) + " (" + size + " bytes, flags " + flags + ", " + internalDate + ")";
		}

		String shortId() {
			return "message " + sha256.substring(0, 12) + " (" + size + " bytes)";
		}

	}

}
