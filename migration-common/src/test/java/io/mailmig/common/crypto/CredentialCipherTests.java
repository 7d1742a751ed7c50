package io.mailmig.common.crypto;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.mailmig.common.model.Credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CredentialCipherTests {

	private final CredentialCipher cipher = new CredentialCipher(CredentialCipher.generateKey());

	@Test
	void openShouldReturnSecretWhenSealedWithSameKey() {
		// given
		String sealed = cipher.seal("p@ss wörd ☺");

		// when
		String opened = cipher.open(sealed);

		// then
		assertThat(opened).isEqualTo("p@ss wörd ☺");
		assertThat(sealed).startsWith("v1:").doesNotContain("p@ss");
	}

	@Test
	void sealShouldDifferWhenSameSecretIsSealedTwice() {
		// when
		String first = cipher.seal("secret");
		String second = cipher.seal("secret");

		// then a fresh nonce each time: equal passwords are not visible as equal ciphertexts
		assertThat(first).isNotEqualTo(second);
		assertThat(cipher.open(first)).isEqualTo(cipher.open(second));
	}

	@Test
	void openShouldThrowWhenKeyIsWrong() {
		// given
		String sealed = new CredentialCipher(CredentialCipher.generateKey()).seal("secret");

		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> cipher.open(sealed)).withMessageContaining("wrong key");
	}

	@Test
	void openShouldThrowWhenSealedValueWasTampered() {
		// given
		byte[] raw = Base64.getDecoder().decode(cipher.seal("secret").substring(3));
		raw[raw.length - 20] ^= 1;
		String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);

		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> cipher.open(tampered)).withMessageContaining("altered");
	}

	@Test
	void openShouldThrowWhenValueIsNotSealedOrTruncated() {
		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> cipher.open("secret")).withMessage("not a sealed value");
		assertThatIllegalArgumentException().isThrownBy(() -> cipher.open("v1:AAAA"))
			.withMessageContaining("truncated");
		assertThatIllegalArgumentException().isThrownBy(() -> cipher.open(null));
	}

	@Test
	void constructorShouldExplainWhenKeyHasWrongLength() {
		// given
		String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> new CredentialCipher(shortKey))
			.withMessage("the encryption key must be 32 bytes (256 bits), was 16");
		assertThatIllegalArgumentException().isThrownBy(() -> new CredentialCipher("not base64!"))
			.withMessage("the encryption key is not valid base64");
		assertThatIllegalArgumentException().isThrownBy(() -> new CredentialCipher(" "))
			.withMessageContaining("key is required");
	}

	@Test
	void sealedCredentialsShouldOpenToSameCredentialsWhenSameCipher() {
		// given
		Credentials credentials = new Credentials("admin", "s3cret", "alice@example.org");

		// when
		SealedCredentials sealed = SealedCredentials.seal(credentials, cipher);

		// then
		assertThat(sealed.sealedPassword()).doesNotContain("s3cret");
		assertThat(sealed.mailbox()).isEqualTo("alice@example.org");
		assertThat(sealed.open(cipher)).isEqualTo(credentials);
	}

}
