package io.mailmig.standalone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.mailmig.common.folder.ModifiedUtf7;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * Reads a mailbox over plain IMAP (Angus Mail), independently of the code under test: the Message-ID of
 * every message, folder by folder (folder names decoded).
 */
final class Mailboxes {

	private Mailboxes() {
	}

	static Map<String, List<String>> messageIds(int port, String user, String password) {
		Properties properties = new Properties();
		properties.put("mail.imap.connectiontimeout", "5000");
		properties.put("mail.imap.timeout", "30000");
		properties.put("mail.imap.writetimeout", "30000");
		try {
			Store store = Session.getInstance(properties).getStore("imap");
			store.connect("127.0.0.1", port, user, password);
			try {
				Map<String, List<String>> folders = new TreeMap<>();
				for (Folder folder : store.getDefaultFolder().list("*")) {
					if ((folder.getType() & Folder.HOLDS_MESSAGES) != 0) {
						folders.put(ModifiedUtf7.decode(folder.getFullName()), messageIds(folder));
					}
				}
				return folders;
			}
			finally {
				store.close();
			}
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("could not read " + user + " on port " + port, ex);
		}
	}

	private static List<String> messageIds(Folder folder) throws MessagingException {
		folder.open(Folder.READ_ONLY);
		try {
			Message[] messages = folder.getMessages();
			FetchProfile profile = new FetchProfile();
			profile.add("Message-ID");
			folder.fetch(messages, profile);
			List<String> ids = new ArrayList<>();
			for (Message message : messages) {
				String[] header = message.getHeader("Message-ID");
				ids.add(header == null ? "(none)" : header[0]);
			}
			return ids;
		}
		finally {
			folder.close(false);
		}
	}

}
