package io.mailmig.worker;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.mailmig.common.imap.AngusImapConnector;
import io.mailmig.common.imap.AppendRequest;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.ImapTimeouts;
import io.mailmig.common.imap.MailFolder;
import io.mailmig.common.imap.MessageSummary;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.testing.TestMessages;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;

/**
 * Fills and reads test mailboxes. Folder names here are as users see them, levels joined with
 * {@code /}; contents are compared as multisets of (SHA-256 of the raw message, flags, INTERNALDATE).
 */
final class Mailboxes implements AutoCloseable {

	static final AngusImapConnector CONNECTOR = new AngusImapConnector(ImapTimeouts.DEFAULTS);

	private final ImapSession session;

	private Mailboxes(ImapSession session) {
		this.session = session;
	}

	static Mailboxes open(ImapEndpoint endpoint, Credentials credentials) {
		return new Mailboxes(CONNECTOR.open(endpoint, credentials));
	}

	/** Wire name of a display name ({@code Réunions/2019}). */
	String wire(String display) {
		return BASE64MailboxEncoder.encode(display.replace('/', this.session.separator()));
	}

	String display(String wire) {
		return BASE64MailboxDecoder.decode(wire).replace(this.session.separator(), '/');
	}

	Mailboxes create(String display, boolean subscribe) {
		this.session.createFolder(wire(display));
		if (subscribe) {
			this.session.subscribe(wire(display));
		}
		return this;
	}

	long append(String display, byte[] message, Set<String> flags, Instant internalDate) {
		return appendRaw(wire(display), message, flags, internalDate);
	}

	/** Creates a folder by its wire name, for names a display name cannot express (a level holding '/'). */
	Mailboxes createRaw(String wireName) {
		this.session.createFolder(wireName);
		this.session.subscribe(wireName);
		return this;
	}

	long appendRaw(String wireName, byte[] message, Set<String> flags, Instant internalDate) {
		return this.session.append(wireName, new AppendRequest(flags, internalDate, TestMessages.content(message)))
			.orElseThrow();
	}

	void setFlags(String display, List<Long> uids, Set<String> flags) {
		this.session.replaceFlags(wire(display), uids, flags);
	}

	/** Folder display name → sorted list of "sha256 flags internaldate" lines. */
	Map<String, List<String>> contents() {
		Map<String, List<String>> contents = new TreeMap<>();
		for (MailFolder folder : this.session.listFolders()) {
			if (!folder.selectable()) {
				continue;
			}
			List<String> lines = new ArrayList<>();
			for (MessageSummary m : this.session.listMessages(folder.name(), 1, Long.MAX_VALUE)) {
				lines.add(sha256(folder.name(), m.uid()) + " " + new TreeSet<>(m.flags()) + " " + m.internalDate());
			}
			lines.sort(null);
			contents.put(display(folder.name()), lines);
		}
		return contents;
	}

	/** Display names of subscribed folders. */
	Set<String> subscriptions() {
		Set<String> subscribed = new TreeSet<>();
		this.session.listFolders().stream().filter(MailFolder::subscribed).forEach(f -> subscribed.add(display(f.name())));
		return subscribed;
	}

	/** Display name → the folder as listed. */
	Map<String, MailFolder> folders() {
		Map<String, MailFolder> folders = new TreeMap<>();
		this.session.listFolders().forEach(f -> folders.put(display(f.name()), f));
		return folders;
	}

	long count(String display) {
		return this.session.status(wire(display)).messages();
	}

	byte[] raw(String display, long uid) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.session.fetchRaw(wire(display), uid, out);
		return out.toByteArray();
	}

	private String sha256(String folder, long uid) {
		return HexFormat.of().formatHex(this.session.sha256(folder, uid));
	}

	@Override
	public void close() {
		this.session.close();
	}

}
