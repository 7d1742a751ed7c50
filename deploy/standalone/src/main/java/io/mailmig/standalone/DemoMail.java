package io.mailmig.standalone;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import io.mailmig.common.folder.ModifiedUtf7;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Sample mail for the demo source: a few folders (two with accented names, one nested), messages
 * spread over them with a mix of flags and a keyword, dated over the past months.
 */
final class DemoMail {

	/** Folders as users see them; GreenMail's hierarchy separator is the dot. */
	static final List<String> FOLDERS = List.of("INBOX", "Archives", "Archives.2024", "Reçus", "Été 2025");

	private static final Session session = Session.getInstance(new Properties());

	private DemoMail() {
	}

	/** Creates the folders and {@code count} messages, round-robin over the folders. */
	static void seed(GreenMail server, GreenMailUser user, int count) {
		seed(server, user, count, 0);
	}

	/** The same, each body padded with {@code padding} more bytes (for bigger mailboxes in tests). */
	static void seed(GreenMail server, GreenMailUser user, int count, int padding) {
		try {
			ImapHostManager folders = server.getManagers().getImapHostManager();
			List<MailFolder> created = FOLDERS.stream().map(name -> folder(folders, user, name)).toList();
			Instant start = Instant.parse("2025-01-06T08:30:00Z");
			for (int i = 0; i < count; i++) {
				MailFolder folder = created.get(i % created.size());
				Instant sent = start.plus(i * 7L, ChronoUnit.HOURS);
				folder.appendMessage(message(user.getLogin(), i, sent, padding), flags(i), Date.from(sent));
			}
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("could not create demo mail", ex);
		}
	}

	private static MailFolder folder(ImapHostManager folders, GreenMailUser user, String name) {
		try {
			if (name.equals("INBOX")) {
				return folders.getInbox(user);
			}
			// names travel in modified UTF-7 (RFC 3501 §5.1.3); GreenMail stores them as they travel
			String wire = ModifiedUtf7.encode(name);
			MailFolder existing = folders.getFolder(user, wire);
			return existing != null ? existing : folders.createMailbox(user, wire);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not create demo folder " + name, ex);
		}
	}

	private static MimeMessage message(String login, int i, Instant sent, int padding) throws MessagingException {
		MimeMessage message = new MimeMessage(session);
		String[] senders = { "Chloé Martin <chloe@example.org>", "Ops <ops@example.net>", "Daniel <dan@example.com>" };
		message.setFrom(new InternetAddress(senders[i % senders.length]));
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(login + "@demo.example"));
		message.setSubject("Démo n°" + (i + 1) + " – " + (i % 4 == 0 ? "réunion de l'équipe" : "weekly report"),
				"UTF-8");
		message.setSentDate(Date.from(sent));
		StringBuilder body = new StringBuilder("Bonjour " + login + ",\n\nThis is sample message " + (i + 1)
				+ " of the mailmig demo.\nÀ bientôt !\n");
		while (body.length() < padding) {
			body.append("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n");
		}
		message.setText(body.toString(), "UTF-8");
		message.saveChanges();
		return message;
	}

	private static Flags flags(int i) {
		Flags flags = new Flags();
		if (i % 3 != 0) {
			flags.add(Flags.Flag.SEEN);
		}
		if (i % 5 == 0) {
			flags.add(Flags.Flag.FLAGGED);
		}
		if (i % 7 == 0) {
			flags.add(Flags.Flag.ANSWERED);
		}
		if (i % 11 == 0) {
			flags.add("$Important");
		}
		return flags;
	}

}
