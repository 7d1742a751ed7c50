package io.mailmig.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets with AES-256-GCM under a key both services are given by configuration. A sealed value
 * is {@code v1:} followed by base64 of a random 12-byte nonce and the ciphertext with its 16-byte tag;
 * the version prefix leaves room for key rotation.
 */
public final class CredentialCipher {

	private static final String PREFIX = "v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	/**
	 * @param base64Key a 256-bit key, base64-encoded (e.g. {@code openssl rand -base64 32})
	 */
	public CredentialCipher(String base64Key) {
		if (base64Key == null || base64Key.isBlank()) {
			throw new IllegalArgumentException("an encryption key is required (32 bytes, base64)");
		}
		byte[] raw;
		try {
			raw = Base64.getDecoder().decode(base64Key.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the encryption key is not valid base64");
		}
		if (raw.length != 32) {
			throw new IllegalArgumentException("the encryption key must be 32 bytes (256 bits), was " + raw.length);
		}
		this.key = new SecretKeySpec(raw, "AES");
		Arrays.fill(raw, (byte) 0);
	}

	/** A fresh random key, base64-encoded. */
	public static String generateKey() {
		byte[] raw = new byte[32];
		RANDOM.nextBytes(raw);
		return Base64.getEncoder().encodeToString(raw);
	}

	public String seal(String secret) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			RANDOM.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
			byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			byte[] out = new byte[NONCE_BYTES + sealed.length];
			System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
			System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
			return PREFIX + Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/** @throws IllegalArgumentException when the value was not sealed with this key */
	public String open(String sealedValue) {
		if (sealedValue == null || !sealedValue.startsWith(PREFIX)) {
			throw new IllegalArgumentException("not a sealed value");
		}
		try {
			byte[] in = Base64.getDecoder().decode(sealedValue.substring(PREFIX.length()));
			if (in.length < NONCE_BYTES + TAG_BITS / 8) {
				throw new IllegalArgumentException("sealed value is truncated");
			}
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
			return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (javax.crypto.AEADBadTagException ex) {
			throw new IllegalArgumentException("sealed value does not open with this key (wrong key or altered)");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

}
