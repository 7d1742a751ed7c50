package io.mailmig.api.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.mailmig.common.event.Json;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;

/**
 * Every {@code /api/v1} call needs {@code Authorization: Bearer <token>}: a viewer's token may read, an
 * operator's may also command. Health, metrics and the OpenAPI document are open, as scrapers and
 * client generators expect. Refusals are problem details like every other error.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String BEARER = "Bearer ";

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokenAuthenticationProvider tokens) throws Exception {
		AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(tokens), SecurityConfiguration::token);
		bearer.setSuccessHandler((request, response, authentication) -> {
			// stateless: go on with the request
		});
		bearer.setFailureHandler((request, response, ex) -> problem(request, response, HttpStatus.UNAUTHORIZED,
				"the bearer token is not valid"));
		http.csrf(csrf -> csrf.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.authorizeHttpRequests(requests -> requests
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
				.permitAll()
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/v3/api-docs",
						"/v3/api-docs/**")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/api/v1/**")
				.hasAnyRole("OPERATOR", "VIEWER")
				.requestMatchers("/api/v1/**")
				.hasRole("OPERATOR")
				.anyRequest()
				.denyAll())
			.addFilterBefore(bearer, AuthorizationFilter.class)
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint((request, response, ex) -> problem(request, response,
						HttpStatus.UNAUTHORIZED, "a bearer token is required (Authorization: Bearer <token>)"))
				.accessDeniedHandler((request, response, ex) -> problem(request, response, HttpStatus.FORBIDDEN,
						"this token may not do that: commands need an operator token")));
		return http.build();
	}

	/** The token of an {@code Authorization: Bearer} header, or null to go on unauthenticated. */
	private static BearerTokenAuthentication token(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		String token = header.substring(BEARER.length()).trim();
		return token.isEmpty() ? null : BearerTokenAuthentication.unauthenticated(token);
	}

	private static void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		if (status == HttpStatus.UNAUTHORIZED) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter().write(Json.mapper().writeValueAsString(problem));
	}

}
