package io.mailmig.api.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.mailmig.api.system.ApiProperties.ApiToken;
import io.mailmig.api.system.ApiProperties.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks bearer tokens against {@code mailmig.api.tokens}. Only SHA-256 digests of the configured
 * tokens are kept, and a token is looked up by its digest, so neither the lookup's timing nor a heap
 * dump of this bean gives a token away.
 */
@Component
class ApiTokenAuthenticationProvider implements AuthenticationProvider {

	private static final Logger log = LoggerFactory.getLogger(ApiTokenAuthenticationProvider.class);

	private final Map<String, Role> roles = new HashMap<>();

	ApiTokenAuthenticationProvider(ApiProperties properties) {
		for (ApiToken token : properties.tokens()) {
			this.roles.put(digest(token.token()), token.role());
		}
		if (this.roles.isEmpty()) {
			log.warn("No mailmig.api.tokens configured: every /api/v1 call will be refused");
		}
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthentication) authentication).token();
		String digest = digest(token);
		Role role = this.roles.get(digest);
		if (role == null) {
			throw new BadCredentialsException("unknown bearer token");
		}
		// a name for audit logs that identifies the grant without revealing it
		String name = role.name().toLowerCase() + "#" + digest.substring(0, 8);
		return BearerTokenAuthentication.authenticated(name, List.of(new SimpleGrantedAuthority("ROLE_" + role.name())));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthentication.class.isAssignableFrom(authentication);
	}

	private static String digest(String token) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
