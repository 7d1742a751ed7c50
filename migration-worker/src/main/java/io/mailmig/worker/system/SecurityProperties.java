package io.mailmig.worker.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key that opens the credentials in migration requests, under {@code mailmig}.
 *
 * @param encryptionKey 256-bit AES key, base64, the same the api seals credentials with
 */
@ConfigurationProperties("mailmig")
public record SecurityProperties(String encryptionKey) {
}
