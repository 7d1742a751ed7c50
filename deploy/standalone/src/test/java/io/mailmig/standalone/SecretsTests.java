package io.mailmig.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTests {

	@TempDir
	Path data;

	@Test
	void loadShouldCreateKeyAndTokenReadableByTheOwnerOnlyOnFirstStart() throws Exception {
		// when
		Secrets secrets = Secrets.load(this.data, Map.of());

		// then
		assertThat(Base64.getDecoder().decode(secrets.encryptionKey())).hasSize(32);
		assertThat(secrets.apiToken()).hasSizeGreaterThanOrEqualTo(40);
		assertThat(secrets.tokenCreated()).isTrue();
		assertThat(Files.readString(this.data.resolve("api-token")).strip()).isEqualTo(secrets.apiToken());
		for (String file : new String[] { "api-token", "encryption-key" }) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.data.resolve(file))))
				.isEqualTo("rw-------");
		}
		assertThat(secrets.toString()).doesNotContain(secrets.apiToken()).doesNotContain(secrets.encryptionKey());
	}

	@Test
	void loadShouldReuseWhatTheFirstStartCreated() {
		// given
		Secrets first = Secrets.load(this.data, Map.of());

		// when
		Secrets second = Secrets.load(this.data, Map.of());

		// then
		assertThat(second.encryptionKey()).isEqualTo(first.encryptionKey());
		assertThat(second.apiToken()).isEqualTo(first.apiToken());
		assertThat(second.tokenCreated()).isFalse();
	}

	@Test
	void loadShouldTakeTheTokenFromTheEnvironmentAndWriteNoTokenFile() {
		// when
		Secrets secrets = Secrets.load(this.data, Map.of("MAILMIG_API_TOKEN", "my-own-token"));

		// then
		assertThat(secrets.apiToken()).isEqualTo("my-own-token");
		assertThat(secrets.tokenFile()).isNull();
		assertThat(this.data.resolve("api-token")).doesNotExist();
		assertThat(this.data.resolve("encryption-key")).exists();
	}

}
