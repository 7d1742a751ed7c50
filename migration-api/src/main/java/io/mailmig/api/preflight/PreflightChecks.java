package io.mailmig.api.preflight;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import io.mailmig.api.preflight.PreflightCheck.Status;
import io.mailmig.api.preflight.PreflightResult.Content;
import io.mailmig.common.event.FailureType;
import io.mailmig.common.folder.FolderFilter;
import io.mailmig.common.folder.FolderMapper;
import io.mailmig.common.folder.FolderPlan;
import io.mailmig.common.folder.ModifiedUtf7;
import io.mailmig.common.imap.FolderImapException;
import io.mailmig.common.imap.ImapConnector;
import io.mailmig.common.imap.BothSides;
import io.mailmig.common.imap.ImapException;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MailFolder;
import io.mailmig.common.imap.MailboxImapException;
import io.mailmig.common.imap.StorageQuota;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.MigrationOptions;

/**
 * Checks one account before any byte moves: both logins, capabilities, what the source holds to copy
 * (folders, messages, size, largest message), whether the destination is empty, has room for it
 * (quota) and accepts its largest message (APPENDLIMIT). Reads only: nothing is created or changed on
 * either server.
 * <p>
 * What blocks (FAIL) and what only warns:
 * <ul>
 * <li>a refused login or an unreachable server fails, with the IMAP failure's type;</li>
 * <li>a destination holding messages fails when the plan says {@code destinationMustBeEmpty} (the
 * default: a copy into a used mailbox mixes two mailboxes for good), warns otherwise; folders a server
 * creates by itself (Sent, Trash…) hold no message and do not count;</li>
 * <li>more to copy than the destination's quota leaves fails: the pass would stop half-way over quota;
 * over 90 % of it warns;</li>
 * <li>messages larger than the destination's APPENDLIMIT fail: they would never arrive. The plan
 * accepts that knowingly by setting {@code maxMessageSize} at or under the limit: larger messages are
 * then skipped and reported, and the check only warns.</li>
 * </ul>
 */
final class PreflightChecks {

	static final String SOURCE_LOGIN = "SOURCE_LOGIN";

	static final String DESTINATION_LOGIN = "DESTINATION_LOGIN";

	static final String CAPABILITIES = "CAPABILITIES";

	static final String FOLDERS = "FOLDERS";

	static final String DESTINATION_EMPTY = "DESTINATION_EMPTY";

	static final String DESTINATION_QUOTA = "DESTINATION_QUOTA";

	static final String MESSAGE_SIZE = "MESSAGE_SIZE";

	/** The error type of a migration blocked by a check that is not about reaching a server. */
	static final String BLOCKED = "PREFLIGHT";

	/** As the worker's folder discovery does, so that both see the same folders. */
	private static final char SEPARATOR_SUBSTITUTE = '_';

	private static final int LISTED = 5;

	private final ImapConnector connector;

	private final long bytesPerSecond;

	/**
	 * @param connector opens the IMAP sessions
	 * @param bytesPerSecond the throughput assumed for the estimated duration
	 */
	PreflightChecks(ImapConnector connector, long bytesPerSecond) {
		this.connector = connector;
		this.bytesPerSecond = bytesPerSecond;
	}

	PreflightResult run(Account account) {
		Outcome outcome = new Outcome();
		// both logins at once: each side's round trips need not wait for the other's
		BothSides.Results<Login, Login> logins = BothSides.run(
				() -> login(SOURCE_LOGIN, "source", account.source(), account.sourceLogin()),
				() -> login(DESTINATION_LOGIN, "destination", account.destination(), account.destinationLogin()));
		ImapSession source = logins.source().report(outcome);
		ImapSession destination = logins.destination().report(outcome);
		try {
			if (source == null || destination == null) {
				return outcome.result(null);
			}
			return outcome.result(survey(account, source, destination, outcome));
		}
		catch (ImapException ex) {
			outcome.fail("SURVEY", type(ex), "the mailboxes could not be read: " + ex.getMessage());
			return outcome.result(null);
		}
		finally {
			// each LOGOUT waits for its reply: both at once
			BothSides.perform(() -> close(source), () -> close(destination));
		}
	}

	/** A login's session, or why there is none; reported in the order of the checks, not of the answers. */
	private record Login(String check, ImapSession session, String failureType, String detail) {

		ImapSession report(Outcome outcome) {
			if (this.session != null) {
				outcome.ok(this.check, this.detail);
			}
			else {
				outcome.fail(this.check, this.failureType, this.detail);
			}
			return this.session;
		}

	}

	private Login login(String check, String side, ImapEndpoint endpoint, Credentials credentials) {
		// an administrator's login name is not shown, as nowhere in the api's answers
		boolean admin = credentials.authorizationId() != null;
		String who = credentials.mailbox() + (admin ? " (through the plan's administrator login)" : "");
		String where = endpoint.host() + ":" + endpoint.port();
		try {
			ImapSession session = this.connector.open(endpoint, credentials);
			return new Login(check, session, null, "logged in to the " + side + " " + where + " for " + who);
		}
		catch (ImapException ex) {
			String what = type(ex).equals(FailureType.AUTHENTICATION.name()) ? "refused the login for " + who
					: "could not be reached or refused the connection";
			String reason = String.valueOf(ex.getMessage());
			if (admin) {
				reason = reason.replace(credentials.user(), "<administrator>");
			}
			return new Login(check, null, type(ex), "the " + side + " " + where + " " + what + ": " + reason);
		}
	}

	private Content survey(Account account, ImapSession source, ImapSession destination, Outcome outcome) {
		capabilities(source, destination, outcome);
		// each side's questions at the same time, answers reported in the checks' order
		BothSides.Results<List<MailFolder>, List<MailFolder>> folders = BothSides.run(source::listFolders,
				destination::listFolders);
		List<MailFolder> destinationFolders = folders.destination();
		FolderPlan plan = new FolderMapper(FolderFilter.of(account.options()), SEPARATOR_SUBSTITUTE)
			.map(folders.source(), source.separator(), destinationFolders, destination.separator());
		folders(plan, outcome);
		OptionalLong appendLimit = destination.appendLimit();
		BothSides.Results<SourceContent, DestinationContent> contents = BothSides.run(
				() -> SourceContent.of(source, plan, account.options(), appendLimit),
				() -> new DestinationContent(messagesByFolder(destination, destinationFolders),
						destination.storageQuota()));
		SourceContent content = contents.source();
		destinationEmpty(contents.destination().messages(), account.destinationMustBeEmpty(), outcome);
		quota(contents.destination().quota(), content, outcome);
		messageSize(appendLimit, account.options().maxMessageSize(), content, outcome);
		long seconds = (content.bytes() + this.bytesPerSecond - 1) / this.bytesPerSecond;
		return new Content(plan.selectable().size(), content.messages(), content.bytes(), content.largest(),
				Duration.ofSeconds(seconds));
	}

	private static void capabilities(ImapSession source, ImapSession destination, Outcome outcome) {
		String detail = "source: " + notable(source) + "; destination: " + notable(destination);
		if (!destination.hasCapability("UIDPLUS")) {
			outcome.warn(CAPABILITIES, detail + ". The destination does not report the UIDs of appended messages"
					+ " (no UIDPLUS, RFC 4315): the copy asks for each with one more command");
		}
		else {
			outcome.ok(CAPABILITIES, detail);
		}
	}

	private static String notable(ImapSession session) {
		List<String> notable = new ArrayList<>();
		for (String capability : List.of("UIDPLUS", "SPECIAL-USE", "CONDSTORE", "QUOTA")) {
			if (session.hasCapability(capability)) {
				notable.add(capability);
			}
		}
		session.appendLimit().ifPresent(limit -> notable.add("APPENDLIMIT=" + limit));
		return notable.isEmpty() ? "none of UIDPLUS, SPECIAL-USE, CONDSTORE, QUOTA" : String.join(" ", notable);
	}

	private static void folders(FolderPlan plan, Outcome outcome) {
		String detail = plan.selectable().size() + " folder(s) to copy"
				+ (plan.excluded().isEmpty() ? "" : ", " + plan.excluded().size() + " excluded by the plan");
		if (plan.rejected().isEmpty()) {
			outcome.ok(FOLDERS, detail);
			return;
		}
		List<String> rejected = plan.rejected().stream().map(r -> r.displayName() + " (" + r.reason() + ")").toList();
		outcome.warn(FOLDERS, detail + "; not copied: " + listed(rejected));
	}

	/** What the destination holds: its folders that have messages, how many, and its quota. */
	private record DestinationContent(java.util.Map<String, Long> messages, Optional<StorageQuota> quota) {
	}

	/** The folders holding messages, by display name, whatever their name. */
	private static java.util.Map<String, Long> messagesByFolder(ImapSession destination, List<MailFolder> folders) {
		java.util.Map<String, Long> used = new java.util.LinkedHashMap<>();
		// not STATUS: Dovecot 2.3 answers it with UIDVALIDITY 0 while another session creates the user's
		// automatic folders, which FolderStatus refuses; a destination expected empty lists nothing anyway.
		// All folders in one round trip; one that could not be listed together is listed alone, which says why.
		java.util.Map<String, List<io.mailmig.common.imap.MessageSummary>> listed = destination
			.listMessagesAll(folders.stream().filter(MailFolder::selectable).map(MailFolder::name).toList());
		for (MailFolder folder : folders) {
			if (!folder.selectable()) {
				continue;
			}
			long count = listed.containsKey(folder.name()) ? listed.get(folder.name()).size()
					: destination.listMessages(folder.name(), 1, Long.MAX_VALUE).size();
			if (count > 0) {
				used.put(displayName(folder), count);
			}
		}
		return used;
	}

	/** Messages in any folder, whatever its name: a server's own empty Sent or Trash does not count. */
	private static void destinationEmpty(java.util.Map<String, Long> messagesByFolder, boolean mustBeEmpty,
			Outcome outcome) {
		long messages = messagesByFolder.values().stream().mapToLong(Long::longValue).sum();
		List<String> used = messagesByFolder.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
			.toList();
		if (messages == 0) {
			outcome.ok(DESTINATION_EMPTY, "the destination holds no message");
			return;
		}
		String detail = "the destination already holds " + messages + " message(s): " + listed(used);
		if (mustBeEmpty) {
			outcome.fail(DESTINATION_EMPTY, BLOCKED, detail
					+ ". Empty it, or set options.destinationMustBeEmpty to false to copy into it anyway");
		}
		else {
			outcome.warn(DESTINATION_EMPTY, detail + "; the plan allows copying into it (destinationMustBeEmpty false)");
		}
	}

	private static void quota(Optional<StorageQuota> quota, SourceContent content, Outcome outcome) {
		if (quota.isEmpty()) {
			outcome.ok(DESTINATION_QUOTA, "the destination announces no storage quota (RFC 2087): not checked");
			return;
		}
		StorageQuota q = quota.get();
		String detail = size(content.bytes()) + " to copy; the destination's quota leaves " + size(q.availableBytes())
				+ " (" + size(q.usedBytes()) + " used of " + size(q.limitBytes()) + ")";
		if (content.bytes() > q.availableBytes()) {
			outcome.fail(DESTINATION_QUOTA, BLOCKED, detail + ": the copy would stop over quota. Raise the quota"
					+ " or copy less (options.includeFolders, excludeFolders, since)");
		}
		else if (content.bytes() > q.availableBytes() * 0.9) {
			outcome.warn(DESTINATION_QUOTA, detail + ": less than 10 % would be left");
		}
		else {
			outcome.ok(DESTINATION_QUOTA, detail);
		}
	}

	private static void messageSize(OptionalLong appendLimit, Long maxMessageSize, SourceContent content,
			Outcome outcome) {
		String largest = content.messages() == 0 ? "no message to copy"
				: "the largest message is " + size(content.largest()) + " (in " + content.largestFolder() + ")";
		if (content.overLimit() > 0) {
			outcome.fail(MESSAGE_SIZE, BLOCKED, content.overLimit() + " message(s) are larger than the destination"
					+ " accepts (APPENDLIMIT " + size(appendLimit.getAsLong()) + ", RFC 7889); " + largest
					+ ". Raise the limit, or set options.maxMessageSize to at most the limit: larger messages are"
					+ " then skipped and reported");
		}
		else if (content.overMaxSize() > 0) {
			outcome.warn(MESSAGE_SIZE, content.overMaxSize() + " message(s) larger than options.maxMessageSize ("
					+ size(maxMessageSize) + ") will be skipped and reported; of the others, " + largest);
		}
		else {
			outcome.ok(MESSAGE_SIZE, appendLimit.isPresent()
					? largest + ", within the destination's APPENDLIMIT of " + size(appendLimit.getAsLong())
					: largest + "; the destination announces no APPENDLIMIT (RFC 7889)");
		}
	}

	/** The migration error type of an IMAP failure, as the worker would report it. */
	static String type(ImapException ex) {
		if (ex instanceof MailboxImapException mailbox) {
			return switch (mailbox.reason()) {
				case AUTHENTICATION -> FailureType.AUTHENTICATION.name();
				case TLS -> FailureType.TLS.name();
				case OVER_QUOTA -> FailureType.OVER_QUOTA.name();
				case UNREACHABLE -> FailureType.CONNECTION.name();
				case PROTOCOL -> FailureType.INTERNAL.name();
			};
		}
		if (ex instanceof FolderImapException) {
			return FailureType.FOLDER.name();
		}
		return FailureType.CONNECTION.name();
	}

	static String size(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		String[] units = { "KiB", "MiB", "GiB", "TiB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
	}

	/** A folder's name as users see it, or as the server sent it when it is not modified UTF-7. */
	private static String displayName(MailFolder folder) {
		try {
			return ModifiedUtf7.decode(folder.name());
		}
		catch (IllegalArgumentException ex) {
			return folder.name();
		}
	}

	private static String listed(List<String> items) {
		if (items.size() <= LISTED) {
			return String.join(", ", items);
		}
		return String.join(", ", items.subList(0, LISTED)) + " and " + (items.size() - LISTED) + " more";
	}

	private static void close(ImapSession session) {
		if (session != null) {
			session.close();
		}
	}

	/**
	 * One account to check; its passwords are clear and live only in memory.
	 *
	 * @param source source server
	 * @param sourceLogin how to log in to it
	 * @param destination destination server
	 * @param destinationLogin how to log in to it
	 * @param options what the plan copies
	 * @param destinationMustBeEmpty whether a destination holding messages blocks the migration
	 */
	record Account(ImapEndpoint source, Credentials sourceLogin, ImapEndpoint destination,
			Credentials destinationLogin, MigrationOptions options, boolean destinationMustBeEmpty) {

		Account {
			Objects.requireNonNull(source, "source");
			Objects.requireNonNull(sourceLogin, "sourceLogin");
			Objects.requireNonNull(destination, "destination");
			Objects.requireNonNull(destinationLogin, "destinationLogin");
			Objects.requireNonNull(options, "options");
		}

		@Override
		public String toString() {
			return "Account[" + this.sourceLogin + " -> " + this.destinationLogin + "]";
		}

	}

	/** The checks so far, and the type of the first that failed. */
	private static final class Outcome {

		private final List<PreflightCheck> checks = new ArrayList<>();

		private String failureType;

		void ok(String name, String detail) {
			this.checks.add(new PreflightCheck(name, Status.OK, detail));
		}

		void warn(String name, String detail) {
			this.checks.add(new PreflightCheck(name, Status.WARN, detail));
		}

		void fail(String name, String type, String detail) {
			this.checks.add(new PreflightCheck(name, Status.FAIL, detail));
			if (this.failureType == null) {
				this.failureType = type;
			}
		}

		PreflightResult result(Content content) {
			return new PreflightResult(this.checks, this.failureType, content);
		}

	}

}
