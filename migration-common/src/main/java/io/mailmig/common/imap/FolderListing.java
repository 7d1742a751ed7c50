package io.mailmig.common.imap;

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

	/** {@code LIST "" "*"} joined with {@code LSUB "" "*"} (RFC 3501 §6.3.8, §6.3.9). */
	static List<MailFolder> folders(IMAPProtocol protocol) throws ProtocolException {
		Set<String> subscribed = new HashSet<>();
		for (Entry entry : list(protocol, "LSUB", "*")) {
			subscribed.add(entry.name());
		}
		List<MailFolder> folders = new ArrayList<>();
		for (Entry entry : list(protocol, "LIST", "*")) {
			folders.add(new MailFolder(entry.name(), entry.delimiter(), entry.attributes(),
					subscribed.contains(entry.name())));
		}
		return folders;
	}

	static List<Entry> list(IMAPProtocol protocol, String command, String pattern) throws ProtocolException {
		Argument args = new Argument();
		args.writeString("");
		args.writeString(pattern);
		Response[] responses = protocol.command(command, args);
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
