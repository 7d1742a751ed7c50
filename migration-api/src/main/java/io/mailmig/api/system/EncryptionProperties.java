package io.mailmig.api.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key that seals credentials, under {@code mailmig}: the same key the workers open them with.
 *
 * @param encryptionKey 256-bit AES key, base64 (e.g. {@code openssl rand -base64 32})
 */
@ConfigurationProperties("mailmig")
public record EncryptionProperties(String encryptionKey) {

	@Override
	public String toString() {
		return "EncryptionProperties[encryptionKey=******]";
	}

}
