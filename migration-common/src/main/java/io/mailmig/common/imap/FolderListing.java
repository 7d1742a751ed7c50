package io.mailmig.common.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.Namespaces;

/**
 * LIST and LSUB, read by hand: Angus's {@code ListInfo} decodes names from modified UTF-7 and turns a
 * NIL delimiter into {@code /}, and both must stay as the server sent them.
 */
final class FolderListing {

	/** One LIST or LSUB line: raw attributes, delimiter ({@code 0} for NIL) and wire name. */
	record Entry(Set<String> attributes, char delimiter, String name) {
	}

	private FolderListing() {
	}

	/**
	 * The folders, and the personal namespace's delimiter when asked for and the server tells it.
	 * @param delimiter the personal namespace's hierarchy delimiter (RFC 2342), or null
	 */
	record Folders(List<MailFolder> folders, Character delimiter) {
	}

	/**
	 * {@code LIST "" "*"} joined with {@code LSUB "" "*"} (RFC 3501 §6.3.8, §6.3.9), and with
	 * {@code namespace} a NAMESPACE (RFC 2342): pipelined, one round trip for all.
	 */
	static Folders folders(IMAPProtocol protocol, boolean namespace) throws IOException, ProtocolException {
		List<Pipeline.Command> commands = new ArrayList<>(List.of(new Pipeline.Command("LSUB", arguments("*")),
				new Pipeline.Command("LIST", arguments("*"))));
		if (namespace) {
			commands.add(new Pipeline.Command("NAMESPACE", null));
		}
		List<Response[]> replies = Pipeline.run(protocol, commands);
		Set<String> subscribed = new HashSet<>();
		for (Entry entry : entries(protocol, "LSUB", replies.get(0))) {
			subscribed.add(entry.name());
		}
		List<MailFolder> folders = new ArrayList<>();
		for (Entry entry : entries(protocol, "LIST", replies.get(1))) {
			folders.add(new MailFolder(entry.name(), entry.delimiter(), entry.attributes(),
					subscribed.contains(entry.name())));
		}
		return new Folders(folders, namespace ? personalDelimiter(replies.get(2)) : null);
	}

	/** The first personal namespace's delimiter from a NAMESPACE reply; null if refused or none. */
	static Character personalDelimiter(Response[] responses) throws ProtocolException {
		if (!responses[responses.length - 1].isOK()) {
			return null;
		}
		for (Response response : responses) {
			if (response instanceof IMAPResponse line && line.keyEquals("NAMESPACE")) {
				Namespaces namespaces = new Namespaces(line);
				if (namespaces.personal != null && namespaces.personal.length > 0) {
					return namespaces.personal[0].delimiter;
				}
			}
		}
		return null;
	}

	static List<Entry> list(IMAPProtocol protocol, String command, String pattern) throws ProtocolException {
		return entries(protocol, command, protocol.command(command, arguments(pattern)));
	}

	private static Argument arguments(String pattern) {
		Argument args = new Argument();
		args.writeString("");
		args.writeString(pattern);
		return args;
	}

	/** The entries of a LIST or LSUB reply; a refusal throws, as Angus Mail's {@code handleResult} does. */
	private static List<Entry> entries(IMAPProtocol protocol, String command, Response[] responses)
			throws ProtocolException {
		Response result = responses[responses.length - 1];
		protocol.handleResult(result);
		List<Entry> entries = new ArrayList<>();
		for (Response response : responses) {
			if (response instanceof IMAPResponse line && line.keyEquals(command)) {
				entries.add(parse(line));
			}
		}
		return entries;
	}

	/** mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox */
	private static Entry parse(IMAPResponse line) {
		String[] flags = line.readSimpleList();
		Set<String> attributes = (flags != null) ? new HashSet<>(Arrays.asList(flags)) : Set.of();
		line.skipSpaces();
		char delimiter = 0;
		if (line.peekByte() == '"') {
			line.readByte();
			delimiter = (char) line.readByte();
			if (delimiter == '\\') {
				delimiter = (char) line.readByte();
			}
			line.readByte();
		}
		else {
			line.readAtom();
		}
		line.skipSpaces();
		return new Entry(attributes, delimiter, line.readAtomString());
	}

}
