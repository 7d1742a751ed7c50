package io.mailmig.common.imap;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS socket factories that trust the JVM's default trust store and, in addition, the certificate
 * (or CA) an endpoint names: a private server with a self-signed certificate can be reached without
 * turning verification off. Host names are still checked by Angus Mail
 * ({@code mail.imap.ssl.checkserveridentity}).
 */
final class TlsSockets {

	private TlsSockets() {
	}

	/**
	 * @param trustedCertificatePem PEM certificates to trust in addition to the default ones, or
	 * {@code null}
	 */
	static SSLSocketFactory socketFactory(String trustedCertificatePem) {
		try {
			X509TrustManager defaults = trustManager(null);
			TrustManager trust = (trustedCertificatePem != null)
					? new EitherTrustManager(defaults, trustManager(keyStore(trustedCertificatePem))) : defaults;
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { trust }, null);
			return context.getSocketFactory();
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new IllegalArgumentException("The trusted certificate is not a valid PEM certificate: " + ex.getMessage(),
					ex);
		}
	}

	private static KeyStore keyStore(String pem) throws GeneralSecurityException, java.io.IOException {
		Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
			.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
		if (certificates.isEmpty()) {
			throw new CertificateException("no certificate found");
		}
		KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
		store.load(null, null);
		int i = 0;
		for (Certificate certificate : certificates) {
			store.setCertificateEntry("trusted-" + i++, certificate);
		}
		return store;
	}

	private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(store);
		for (TrustManager manager : factory.getTrustManagers()) {
			if (manager instanceof X509TrustManager x509) {
				return x509;
			}
		}
		throw new GeneralSecurityException("no X509TrustManager available");
	}

	/** Trusts a server when either the default trust store or the endpoint's certificate does. */
	private record EitherTrustManager(X509TrustManager defaults, X509TrustManager endpoint)
			implements X509TrustManager {

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			try {
				this.defaults.checkServerTrusted(chain, authType);
			}
			catch (CertificateException notDefault) {
				try {
					this.endpoint.checkServerTrusted(chain, authType);
				}
				catch (CertificateException notEndpoint) {
					notEndpoint.addSuppressed(notDefault);
					throw notEndpoint;
				}
			}
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.defaults.checkClientTrusted(chain, authType);
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			List<X509Certificate> issuers = new ArrayList<>(List.of(this.defaults.getAcceptedIssuers()));
			issuers.addAll(List.of(this.endpoint.getAcceptedIssuers()));
			return issuers.toArray(X509Certificate[]::new);
		}

	}

}
