package io.mailmig.common.imap;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import io.mailmig.common.imap.ImapFailures.Operation;
import jakarta.mail.Quota;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.MailboxInfo;
import org.eclipse.angus.mail.imap.protocol.Status;

/**
 * An {@link ImapSession} on one authenticated Angus {@link IMAPProtocol} connection, driven command
 * by command: Angus's {@code IMAPStore} would open a second connection as soon as a folder is open,
 * and its {@code IMAPFolder} parses messages we only want as bytes.
 * <p>
 * At most one folder is selected at a time, with EXAMINE (read-only, RFC 3501 §6.3.2): this session
 * never changes a message it reads. Once a command finds the connection broken, every later call
 * fails fast with a {@link TransientImapException}; open a new session.
 */
final class AngusImapSession implements ImapSession {

	private final IMAPProtocol protocol;

	private final int rangeSize;

	private final Set<String> capabilities;

	private String examined;

	private boolean readWrite;

	/** Messages were appended to the open folder since the server last told us what it holds. */
	private boolean appendedToOpen;

	private Character separator;

	private boolean broken;

	private boolean closed;

	AngusImapSession(IMAPProtocol protocol, int rangeSize) {
		this.protocol = protocol;
		this.rangeSize = rangeSize;
		this.capabilities = protocol.getCapabilities()
			.keySet()
			.stream()
			.map(c -> c.toUpperCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public Set<String> capabilities() {
		return this.capabilities;
	}

	@Override
	public char separator() {
		if (this.separator == null) {
			this.separator = call(Operation.LIST, null, this::readSeparator);
		}
		return this.separator;
	}

	/** The personal namespace's delimiter (RFC 2342), else the one {@code LIST "" ""} reports. */
	private char readSeparator() throws ProtocolException {
		if (hasCapability("NAMESPACE")) {
			Character personal = FolderListing.personalDelimiter(this.protocol.command("NAMESPACE", null));
			if (personal != null) {
				return personal;
			}
		}
		List<FolderListing.Entry> root = FolderListing.list(this.protocol, "LIST", "");
		return root.isEmpty() ? 0 : root.get(0).delimiter();
	}

	@Override
	public List<MailFolder> listFolders() {
		// the separator is asked for along with the folders: whoever lists them wants it next
		boolean namespace = this.separator == null && hasCapability("NAMESPACE");
		return call(Operation.LIST, null, () -> {
			FolderListing.Folders listed = FolderListing.folders(this.protocol, namespace);
			if (listed.delimiter() != null) {
				this.separator = listed.delimiter();
			}
			return listed.folders();
		});
	}

	@Override
	public FolderStatus status(String folder) {
		return call(Operation.STATUS, folder, () -> {
			Response[] responses = this.protocol.command("STATUS", statusArguments(folder));
			this.protocol.handleResult(responses[responses.length - 1]);
			return statusIn(folder, responses);
		});
	}

	@Override
	public Map<String, FolderStatus> statusAll(List<String> folders) {
		if (folders.size() < 2) {
			return ImapSession.super.statusAll(folders);
		}
		return call(Operation.STATUS, null, () -> {
			List<Response[]> replies = Pipeline.run(this.protocol, "STATUS",
					folders.stream().map(this::statusArguments).toList());
			Map<String, FolderStatus> statuses = new LinkedHashMap<>();
			for (int i = 0; i < folders.size(); i++) {
				Response[] responses = replies.get(i);
				if (responses[responses.length - 1].isOK()) {
					try {
						statuses.put(folders.get(i), statusIn(folders.get(i), responses));
					}
					catch (TransientImapException | ProtocolException ex) {
						// left out: status(folder) asks again and says why
					}
				}
			}
			return statuses;
		});
	}

	private Argument statusArguments(String folder) {
		Argument items = new Argument().writeAtom("MESSAGES").writeAtom("UIDNEXT").writeAtom("UIDVALIDITY");
		if (hasCapability("CONDSTORE")) {
			items.writeAtom("HIGHESTMODSEQ");
		}
		if (hasCapability("STATUS=SIZE")) {
			items.writeAtom("SIZE");
		}
		return new Argument().writeString(folder).writeArgument(items);
	}

	private static FolderStatus statusIn(String folder, Response[] responses) throws ProtocolException {
		for (Response response : responses) {
			if (response instanceof IMAPResponse line && line.keyEquals("STATUS")) {
				Status status = new Status(line);
				if (status.uidvalidity <= 0) {
					// RFC 3501 §2.3.1.1 forbids 0; Dovecot 2.3 answers it while another session is still
					// creating the mailbox (first login of a user): asking again shortly gives the real one
					throw new TransientImapException("STATUS " + folder + " answered UIDVALIDITY "
							+ status.uidvalidity + " (mailbox still being created?)", null);
				}
				return new FolderStatus(status.total, status.uidnext, status.uidvalidity,
						Math.max(0, status.highestmodseq), status.getItem("SIZE"));
			}
		}
		throw new ProtocolException("STATUS answered OK without a STATUS response");
	}

	@Override
	public void createFolder(String folder) {
		call(Operation.CREATE, folder, () -> {
			Response[] responses = this.protocol.command("CREATE", new Argument().writeString(folder));
			Response result = responses[responses.length - 1];
			// RFC 5530 §3: ALREADYEXISTS; servers without the code are asked with LIST.
			if (result.isNO() && (ServerReply.of(result).orElseThrow().hasCode("ALREADYEXISTS")
					|| !FolderListing.list(this.protocol, "LIST", folder).isEmpty())) {
				return null;
			}
			this.protocol.handleResult(result);
			return null;
		});
	}

	@Override
	public void subscribe(String folder) {
		call(Operation.SUBSCRIBE, folder, () -> {
			this.protocol.simpleCommand("SUBSCRIBE", new Argument().writeString(folder));
			return null;
		});
	}

	@Override
	public java.util.Set<String> createAndSubscribe(List<String> create, List<String> subscribe) {
		if (create.size() + subscribe.size() < 2) {
			return ImapSession.super.createAndSubscribe(create, subscribe);
		}
		return call(Operation.CREATE, null, () -> {
			java.util.Set<String> refused = new java.util.LinkedHashSet<>();
			// the CREATEs then the SUBSCRIBEs, in one round trip: the server runs them in order (RFC 9051 §5.5)
			List<Pipeline.Command> commands = new java.util.ArrayList<>();
			create.forEach(f -> commands.add(new Pipeline.Command("CREATE", new Argument().writeString(f))));
			subscribe.forEach(f -> commands.add(new Pipeline.Command("SUBSCRIBE", new Argument().writeString(f))));
			List<Response[]> replies = Pipeline.run(this.protocol, commands);
			List<Response[]> created = replies.subList(0, create.size());
			List<Response[]> subscribed = replies.subList(create.size(), replies.size());
			for (int i = 0; i < create.size(); i++) {
				Response result = created.get(i)[created.get(i).length - 1];
				// RFC 5530 §3: ALREADYEXISTS is fine, and servers without the code are asked with LIST; any
				// other refusal is asked again alone, which says why
				if (!result.isOK() && !ServerReply.of(result).map(r -> r.hasCode("ALREADYEXISTS")).orElse(false)
						&& FolderListing.list(this.protocol, "LIST", create.get(i)).isEmpty()) {
					refused.add(create.get(i));
				}
			}
			for (int i = 0; i < subscribe.size(); i++) {
				if (!subscribed.get(i)[subscribed.get(i).length - 1].isOK()) {
					refused.add(subscribe.get(i));
				}
			}
			return refused;
		});
	}

	@Override
	public List<MessageSummary> listMessages(String folder, long fromUid, long toUid) {
		if (fromUid < 1 || toUid < fromUid) {
			return List.of();
		}
		examine(folder);
		return call(Operation.FETCH, folder, () -> new MessageListing(this.protocol).summaries(fromUid, toUid));
	}

	@Override
	public List<MessageSummary> listMessagesIfValid(String folder, long uidValidity, long fromUid, long toUid) {
		if (fromUid < 1 || toUid < fromUid) {
			return ImapSession.super.listMessagesIfValid(folder, uidValidity, fromUid, toUid);
		}
		Response[][] replies = examineThen(folder, MessageListing.command(fromUid, toUid));
		long found = call(Operation.SELECT, folder, () -> new MailboxInfo(replies[0]).uidvalidity);
		if (found <= 0) {
			// no UIDVALIDITY in the reply (or 0, which RFC 9051 forbids): STATUS tells
			return ImapSession.super.listMessagesIfValid(folder, uidValidity, fromUid, toUid);
		}
		if (found != uidValidity) {
			throw FolderImapException.uidValidityChanged(folder, uidValidity, found);
		}
		return call(Operation.FETCH, folder, () -> {
			this.protocol.handleResult(replies[1][replies[1].length - 1]);
			return MessageListing.summaries(replies[1], fromUid, toUid);
		});
	}

	/**
	 * EXAMINE and a command that reads the folder, in one round trip: the server runs them in order (RFC
	 * 9051 §5.5). A refused EXAMINE throws as {@link #examine} would (the command's reply is then not
	 * looked at); else the folder is open read-only.
	 * @return the replies of the EXAMINE and of the command
	 */
	private Response[][] examineThen(String folder, String command) {
		List<Response[]> replies = call(Operation.SELECT, folder, () -> {
			// RFC 3501 §6.3.1: a failed SELECT/EXAMINE leaves no mailbox selected
			noFolderOpen();
			return Pipeline.run(this.protocol, List.of(new Pipeline.Command("EXAMINE", new Argument().writeString(folder)),
					new Pipeline.Command(command, null)));
		});
		Response[] examinedReply = replies.get(0);
		call(Operation.SELECT, folder, () -> {
			this.protocol.handleResult(examinedReply[examinedReply.length - 1]);
			return null;
		});
		opened(folder, false);
		return new Response[][] { examinedReply, replies.get(1) };
	}

	@Override
	public Map<String, List<MessageSummary>> listMessagesAll(List<String> folders) {
		if (folders.size() < 2) {
			return ImapSession.super.listMessagesAll(folders);
		}
		return call(Operation.FETCH, null, () -> {
			// EXAMINE a, UID FETCH, EXAMINE b, UID FETCH…: the server runs them in order (RFC 3501 §5.5)
			List<Pipeline.Command> commands = new java.util.ArrayList<>();
			for (String folder : folders) {
				commands.add(new Pipeline.Command("EXAMINE", new Argument().writeString(folder)));
				commands.add(new Pipeline.Command(MessageListing.command(1, Long.MAX_VALUE), null));
			}
			noFolderOpen();
			List<Response[]> replies = Pipeline.run(this.protocol, commands);
			Map<String, List<MessageSummary>> listed = new LinkedHashMap<>();
			for (int i = 0; i < folders.size(); i++) {
				Response[] examined = replies.get(2 * i);
				Response[] fetched = replies.get(2 * i + 1);
				if (examined[examined.length - 1].isOK() && fetched[fetched.length - 1].isOK()) {
					listed.put(folders.get(i), MessageListing.summaries(fetched, 1, Long.MAX_VALUE));
				}
			}
			Response lastExamine = replies.get(replies.size() - 2)[replies.get(replies.size() - 2).length - 1];
			if (lastExamine.isOK()) {
				opened(folders.get(folders.size() - 1), false);
			}
			return listed;
		});
	}

	@Override
	public List<Long> searchSince(String folder, Instant since) {
		examine(folder);
		return call(Operation.SEARCH, folder, () -> new MessageListing(this.protocol).since(since));
	}

	@Override
	public long fetchRaw(String folder, long uid, OutputStream sink) {
		examine(folder);
		return call(Operation.FETCH, folder, () -> new RawFetch(this.protocol, this.rangeSize).fetch(folder, uid, sink));
	}

	@Override
	public long fetchRawRanges(String folder, long uid, RangeSink sink) {
		examine(folder);
		return call(Operation.FETCH, folder, () -> new RawFetch(this.protocol, this.rangeSize).fetch(folder, uid, sink));
	}

	@Override
	public OptionalLong append(String folder, AppendRequest message) {
		appending(folder);
		return call(Operation.APPEND, folder, () -> new RawAppend(this.protocol).append(folder, message));
	}

	@Override
	public java.util.Set<Long> fetchRawAll(String folder, List<Long> uids, RawMessageSink sink) {
		if (uids.isEmpty()) {
			return new java.util.LinkedHashSet<>();
		}
		if (folder.equals(this.examined)) {
			catchUp();
			return call(Operation.FETCH, folder, () -> new RawFetch(this.protocol, this.rangeSize).fetchAll(uids, sink));
		}
		// the folder is opened in the same round trip as the fetch
		Response[] fetched = examineThen(folder, RawFetch.fetchAllCommand(uids))[1];
		return call(Operation.FETCH, folder, () -> RawFetch.delivered(this.protocol, fetched, uids, sink));
	}

	@Override
	public void appendAll(String folder, List<AppendRequest> messages, AppendOutcomes outcomes) {
		appending(folder);
		if (messages.size() < 2 || !hasCapability("LITERAL+") || !hasCapability("UIDPLUS")) {
			// without LITERAL+ every literal waits for the server's go-ahead: nothing to pipeline
			ImapSession.super.appendAll(folder, messages, outcomes);
			return;
		}
		call(Operation.APPEND, folder, () -> {
			RawAppend append = new RawAppend(this.protocol);
			// RFC 3502: one transaction for the batch, where the server offers it (Dovecot, Cyrus; not Exchange)
			long[] uids = hasCapability("MULTIAPPEND") ? append.multiAppend(folder, messages) : null;
			if (uids == null) {
				// refused as a whole (nothing stored) or not offered: one APPEND each, pipelined, so each
				// message gets its own outcome
				append.appendAll(folder, messages, outcomes);
				return null;
			}
			for (int i = 0; i < uids.length; i++) {
				outcomes.appended(i, OptionalLong.of(uids[i]));
			}
			return null;
		});
	}

	@Override
	public void replaceFlags(String folder, java.util.Collection<Long> uids, Set<String> flags) {
		if (uids.isEmpty()) {
			return;
		}
		select(folder);
		String set = uids.stream().sorted().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
		String list = ImapFlags.flagList(flags).orElse("()");
		call(Operation.STORE, folder, () -> {
			this.protocol.simpleCommand("UID STORE " + set + " FLAGS.SILENT " + list, null);
			return null;
		});
	}

	@Override
	public OptionalLong appendLimit() {
		return appendLimit(this.capabilities);
	}

	@Override
	public Optional<StorageQuota> storageQuota() {
		if (!hasCapability("QUOTA")) {
			return Optional.empty();
		}
		return call(Operation.OTHER, "INBOX", () -> {
			for (Quota root : this.protocol.getQuotaRoot("INBOX")) {
				for (Quota.Resource resource : root.resources == null ? new Quota.Resource[0] : root.resources) {
					// RFC 2087 §3: STORAGE is in units of 1024 octets
					if ("STORAGE".equalsIgnoreCase(resource.name)) {
						return Optional.of(new StorageQuota(resource.usage * 1024, resource.limit * 1024));
					}
				}
			}
			return Optional.<StorageQuota>empty();
		});
	}

	/** RFC 7889 §3: {@code APPENDLIMIT=n} applies to every mailbox; a bare APPENDLIMIT is per mailbox. */
	static OptionalLong appendLimit(Set<String> capabilities) {
		return capabilities.stream()
			.filter(c -> c.startsWith("APPENDLIMIT="))
			.map(c -> c.substring("APPENDLIMIT=".length()))
			.filter(n -> n.matches("\\d{1,18}"))
			.mapToLong(Long::parseLong)
			.findFirst();
	}

	/**
	 * Messages appended to the open folder need not be visible in it until the server says so (RFC 9051
	 * §6.3.12 only asks it to): the next read of that folder is preceded by a NOOP, the poll for new
	 * messages (§6.1.2). Not pipelined with the read: Dovecot puts off its mailbox sync while more
	 * commands are queued, and a UID FETCH sent with the NOOP finds none of the new messages. Opening the
	 * folder again would do too, but costs a server far more on a large folder that siblings are appending
	 * to: the benchmark's 50,000-message folder, copied in 4 ranges each reading back every window, took
	 * 18.1 s with an EXAMINE before each read-back and 13.8 s with a NOOP.
	 */
	private void appending(String folder) {
		if (folder.equals(this.examined)) {
			this.appendedToOpen = true;
		}
	}

	/** The server has {@code folder} open now, as it is (nothing appended since). */
	private void opened(String folder, boolean readWrite) {
		this.examined = folder;
		this.readWrite = readWrite;
		this.appendedToOpen = false;
	}

	/** No folder is open (or which one is not known). */
	private void noFolderOpen() {
		this.examined = null;
		this.appendedToOpen = false;
	}

	/** A NOOP first, if messages were appended to the open folder since it was last looked at. */
	private void catchUp() {
		if (this.appendedToOpen) {
			call(Operation.SELECT, this.examined, () -> {
				this.protocol.simpleCommand("NOOP", null);
				return null;
			});
			this.appendedToOpen = false;
		}
	}

	/** Opens the folder read-write (RFC 3501 §6.3.1), to change flags. */
	private void select(String folder) {
		if (folder.equals(this.examined) && this.readWrite) {
			catchUp();
			return;
		}
		call(Operation.SELECT, folder, () -> {
			noFolderOpen();
			this.protocol.simpleCommand("SELECT", new Argument().writeString(folder));
			opened(folder, true);
			return null;
		});
	}

	private void examine(String folder) {
		if (folder.equals(this.examined)) {
			catchUp();
			return; // read-only or read-write, reads work either way
		}
		call(Operation.SELECT, folder, () -> {
			// RFC 3501 §6.3.1: a failed SELECT/EXAMINE leaves no mailbox selected
			noFolderOpen();
			this.protocol.simpleCommand("EXAMINE", new Argument().writeString(folder));
			opened(folder, false);
			return null;
		});
	}

	/**
	 * True until a command found the connection gone, or the server said BYE while we were idle
	 * (Dovecot does on shutdown). A connection dropped silently is only found by the next command,
	 * which then fails with a {@link TransientImapException}.
	 */
	@Override
	public boolean isConnected() {
		if (this.closed || this.broken) {
			return false;
		}
		try {
			while (this.protocol.hasResponse()) {
				Response unsolicited = this.protocol.readResponse();
				if (unsolicited.isBYE()) {
					markBroken();
				}
			}
		}
		catch (IOException | ProtocolException ex) {
			markBroken();
		}
		return !this.broken;
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			if (!this.broken) {
				// RFC 9051 §6.1.3: LOGOUT, and its reply, after which the server closes the connection: a
				// connection slot (ADR 6) freed only then is never counted twice by a server that caps us
				this.protocol.command("LOGOUT", null);
			}
		}
		catch (RuntimeException ex) {
			// the server is going away anyway
		}
		finally {
			this.protocol.disconnect();
		}
	}

	private <T> T call(Operation operation, String folder, Command<T> command) {
		if (this.closed || this.broken) {
			throw new TransientImapException(
					operation + " impossible: the session is " + (this.closed ? "closed" : "disconnected"), null);
		}
		try {
			return command.run();
		}
		catch (ProtocolException | IOException ex) {
			ImapException classified = ImapFailures.classify(ex, folder, operation);
			if (ex instanceof ConnectionException || ex instanceof IOException
					|| classified instanceof TransientImapException) {
				markBroken();
			}
			throw classified;
		}
	}

	private void markBroken() {
		this.broken = true;
		noFolderOpen();
		this.protocol.disconnect();
	}

	@FunctionalInterface
	private interface Command<T> {

		T run() throws ProtocolException, IOException;

	}

}
