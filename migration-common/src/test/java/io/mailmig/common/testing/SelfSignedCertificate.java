package io.mailmig.common.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A fresh self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the openssl CLI. */
final class SelfSignedCertificate {

	private SelfSignedCertificate() {
	}

	/**
	 * Writes {@code cert.pem} and {@code key.pem} into {@code dir}.
	 * @return the certificate, PEM
	 */
	static String generate(Path dir) throws IOException {
		Path cert = dir.resolve("cert.pem");
		Path key = dir.resolve("key.pem");
		Process openssl;
		try {
			openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
					"ec_paramgen_curve:prime256v1", "-nodes", "-days", "30", "-subj", "/CN=localhost", "-addext",
					"subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"openssl is needed to make the test certificate: install it with `apt-get install -y openssl`", ex);
		}
		try {
			String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
				throw new IllegalStateException("openssl could not make the test certificate:\n" + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while making the test certificate", ex);
		}
		return Files.readString(cert, StandardCharsets.US_ASCII);
	}

}
