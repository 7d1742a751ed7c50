package io.mailmig.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The two secrets of a standalone installation, created on first start and kept in the data directory,
 * readable by their owner only: the key that seals credentials at rest and on Kafka, and the operator's
 * api token (unless {@code MAILMIG_API_TOKEN} gives one).
 *
 * @param encryptionKey 32 random bytes, base64
 * @param apiToken the operator token
 * @param tokenFile where the token is kept, or null when it came from the environment
 * @param tokenCreated whether this start created the token
 */
record Secrets(String encryptionKey, String apiToken, Path tokenFile, boolean tokenCreated) {

	private static final SecureRandom random = new SecureRandom();

	@Override
	public String toString() {
		return "Secrets[encryptionKey=******, apiToken=******, tokenFile=" + this.tokenFile + "]";
	}

	static Secrets load(Path dataDirectory, Map<String, String> environment) {
		String key = readOrCreate(dataDirectory.resolve("encryption-key"),
				() -> Base64.getEncoder().encodeToString(randomBytes(32)));
		String fromEnvironment = environment.get("MAILMIG_API_TOKEN");
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return new Secrets(key, fromEnvironment.strip(), null, false);
		}
		Path tokenFile = dataDirectory.resolve("api-token");
		boolean created = !Files.exists(tokenFile);
		String token = readOrCreate(tokenFile, () -> Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32)));
		return new Secrets(key, token, tokenFile, created);
	}

	private static String readOrCreate(Path file, java.util.function.Supplier<String> create) {
		try {
			if (Files.exists(file)) {
				String value = Files.readString(file, StandardCharsets.UTF_8).strip();
				if (value.isEmpty()) {
					throw new IllegalStateException(file + " is empty: delete it to have a new one created");
				}
				return value;
			}
			String value = create.get();
			boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
			Path temporary = posix
					? Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new",
							PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
					: Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new");
			Files.writeString(temporary, value + "\n", StandardCharsets.UTF_8);
			Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			return value;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read or create " + file, ex);
		}
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		random.nextBytes(bytes);
		return bytes;
	}

}
