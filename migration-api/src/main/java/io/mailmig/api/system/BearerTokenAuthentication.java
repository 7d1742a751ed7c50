package io.mailmig.api.system;

import java.util.Collection;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A bearer token: before authentication it holds the token the client sent; after, only the name of
 * the grant it matched and its role (the secret is dropped).
 */
final class BearerTokenAuthentication extends AbstractAuthenticationToken {

	private final String name;

	private String token;

	private BearerTokenAuthentication(String name, String token, Collection<? extends GrantedAuthority> authorities) {
		super(authorities);
		this.name = name;
		this.token = token;
		setAuthenticated(token == null);
	}

	static BearerTokenAuthentication unauthenticated(String token) {
		return new BearerTokenAuthentication("bearer", token, List.of());
	}

	static BearerTokenAuthentication authenticated(String name, Collection<? extends GrantedAuthority> authorities) {
		return new BearerTokenAuthentication(name, null, authorities);
	}

	String token() {
		return this.token;
	}

	@Override
	public Object getCredentials() {
		return this.token;
	}

	@Override
	public Object getPrincipal() {
		return this.name;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public void eraseCredentials() {
		this.token = null;
	}

}
