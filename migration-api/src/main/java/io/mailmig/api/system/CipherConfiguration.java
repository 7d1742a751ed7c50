package io.mailmig.api.system;

import io.mailmig.common.crypto.CredentialCipher;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Credentials are sealed as soon as they are read from a request, with the key both services share. */
@Configuration(proxyBeanMethods = false)
class CipherConfiguration {

	@Bean
	CredentialCipher credentialCipher(EncryptionProperties properties) {
		try {
			return new CredentialCipher(properties.encryptionKey());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("mailmig.encryption-key: " + ex.getMessage(), ex);
		}
	}

}
