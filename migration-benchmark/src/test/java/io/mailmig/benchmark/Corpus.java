package io.mailmig.benchmark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.mailmig.common.testing.TestMessages;

/**
 * A deterministic corpus: the same profile always gives the same bytes. Every one of {@link #users()}
 * source mailboxes ({@code user1}…) holds the same layout — {@link #sizes()} messages spread round-robin
 * over {@link #folders()} — with messages of its own (their seeds differ per user).
 *
 * @param name the profile
 * @param users mailboxes to migrate
 * @param folders INBOX, the source's (French) special-use folders, then nested and accented ones
 * @param sizes approximate size of each message of one mailbox
 */
record Corpus(String name, int users, List<String> folders, int[] sizes) {

	static final String PROFILES = "small, latency, mailbox, attachments, bigfolder, spread, accounts";

	/** The folders of the source server's special-use set (SpecialUseFolders.FRENCH): they exist already. */
	static final List<String> SPECIAL_USE = List.of("Éléments envoyés", "Corbeille", "Brouillons",
			"Courrier indésirable");

	static Corpus of(String profile) {
		Random random = new Random(42);
		return switch (profile) {
			// ~10,000 messages in 40 folders, median ~10 KB, ~3 % with 0.5-5 MB attachments (~940 MB)
			case "mailbox" -> new Corpus(profile, 1, folders(40), mailSizes(random, 10_000, 3));
			case "attachments" -> new Corpus(profile, 1, List.of("INBOX"), attachmentSizes(random, 40));
			case "small" -> new Corpus(profile, 1, folders(10), fill(2_000, 8_000));
			case "latency" -> new Corpus(profile, 1, folders(10), fill(500, 10_000));
			case "bigfolder" -> new Corpus(profile, 1, List.of("INBOX"), fill(50_000, 4_000));
			case "spread" -> new Corpus(profile, 1, folders(40), fill(50_000, 4_000));
			case "accounts" -> new Corpus(profile, 200, folders(5), mailSizes(random, 50, 0));
			// not a profile: what the service copies before the measured run, to warm its JVMs up
			case "warmup" -> new Corpus(profile, 1, folders(10), mailSizes(random, 4_000, 1));
			// and the same number of messages as many small mailboxes (the paths a plan of many accounts takes)
			case "warmup-accounts" -> new Corpus(profile, 40, folders(5), mailSizes(random, 100, 1));
			default -> throw new IllegalArgumentException(
					"unknown benchmark profile '" + profile + "' (" + PROFILES + ")");
		};
	}

	/** Sizes like real mail: log-normal around 10 KB, {@code attachmentPercent} % of 0.5-5 MB. */
	private static int[] mailSizes(Random random, int count, int attachmentPercent) {
		int[] sizes = new int[count];
		for (int i = 0; i < sizes.length; i++) {
			sizes[i] = random.nextInt(100) < attachmentPercent ? 500_000 + random.nextInt(4_500_000)
					: (int) Math.min(400_000, Math.max(1_500, Math.exp(Math.log(10_000) + random.nextGaussian() * 0.9)));
		}
		return sizes;
	}

	/** 5-30 MB each. */
	private static int[] attachmentSizes(Random random, int count) {
		int[] sizes = new int[count];
		for (int i = 0; i < sizes.length; i++) {
			sizes[i] = 5_000_000 + random.nextInt(25_000_000);
		}
		return sizes;
	}

	private static int[] fill(int count, int size) {
		int[] sizes = new int[count];
		Arrays.fill(sizes, size);
		return sizes;
	}

	/** INBOX, the special-use folders, then nested and accented folders. */
	static List<String> folders(int count) {
		List<String> folders = new ArrayList<>(List.of("INBOX", "Éléments envoyés", "Corbeille", "Brouillons"));
		for (int i = 0; folders.size() < count; i++) {
			folders.add(switch (i % 4) {
				case 0 -> "Clients/Société " + i;
				case 1 -> "Archivé/" + (2000 + i);
				case 2 -> "Projets/Équipe " + i + "/Réunions";
				default -> "Dossier " + i;
			});
		}
		return folders.subList(0, count);
	}

	/** Messages of one mailbox. */
	int messagesPerUser() {
		return this.sizes.length;
	}

	/** Messages of all mailboxes. */
	long messages() {
		return (long) this.users * this.sizes.length;
	}

	/** {@code user1}… */
	static String user(int number) {
		return "user" + number;
	}

	String folderOf(int message) {
		return this.folders.get(message % this.folders.size());
	}

	/** The raw bytes of message {@code message} of mailbox {@code user} (from 1). */
	byte[] message(int user, int message) {
		return TestMessages.ordinary((user - 1) * this.sizes.length + message, this.sizes[message]);
	}

	String[] flags(int message) {
		return message % 3 == 0 ? new String[0] : new String[] { "\\Seen" };
	}

	Instant internalDate(int message) {
		return Instant.parse("2020-01-01T00:00:00Z").plusSeconds(message * 3600L);
	}

	/** Folders to create in a source mailbox: all but INBOX and those the server made already. */
	List<String> foldersToCreate() {
		return this.folders.stream().filter(f -> !f.equals("INBOX") && !SPECIAL_USE.contains(f)).toList();
	}

	@Override
	public String toString() {
		return "'%s': %d mailbox(es) of %,d messages in %d folders".formatted(this.name, this.users,
				this.sizes.length, this.folders.size());
	}

}
