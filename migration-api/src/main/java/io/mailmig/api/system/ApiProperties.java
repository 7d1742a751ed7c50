package io.mailmig.api.system;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Api settings, under {@code mailmig.api}.
 *
 * @param tokens the bearer tokens that may call {@code /api/v1}, each with its role
 * @param outboxInterval how often the relay looks for requests to publish to Kafka
 * @param syncCheckInterval how often the scheduler looks for {@code SYNCED} migrations whose
 * incremental pass is due
 * @param defaultSyncInterval the time between two incremental passes of a {@code SYNC_UNTIL_CUTOVER}
 * plan that does not say
 * @param minSyncInterval the shortest {@code syncInterval} a plan may ask for
 * @param maxAccountsPerPlan the most accounts one plan may hold
 * @param sseTimeout how long a server-sent events stream stays open (clients reconnect after)
 * @param preflight how pre-flight checks run
 */
@ConfigurationProperties("mailmig.api")
@Validated
public record ApiProperties(@DefaultValue List<ApiToken> tokens, @DefaultValue("200ms") Duration outboxInterval,
		@DefaultValue("30s") Duration syncCheckInterval, @DefaultValue("15m") Duration defaultSyncInterval,
		@DefaultValue("1m") Duration minSyncInterval, @DefaultValue("10000") int maxAccountsPerPlan,
		@DefaultValue("30m") Duration sseTimeout, @DefaultValue Preflight preflight) {

	public ApiProperties {
		tokens = tokens == null ? List.of() : List.copyOf(tokens);
		require(!outboxInterval.isNegative() && !outboxInterval.isZero(), "outbox-interval must be positive");
		require(!syncCheckInterval.isNegative() && !syncCheckInterval.isZero(),
				"sync-check-interval must be positive");
		require(defaultSyncInterval.compareTo(minSyncInterval) >= 0,
				"default-sync-interval must not be shorter than min-sync-interval");
		require(maxAccountsPerPlan >= 1, "max-accounts-per-plan must be at least 1");
		require(preflight.concurrency() >= 1, "preflight.concurrency must be at least 1");
		require(preflight.assumedThroughput().toBytes() > 0, "preflight.assumed-throughput must be positive");
		require(!preflight.connectTimeout().isNegative() && !preflight.connectTimeout().isZero()
				&& !preflight.readTimeout().isNegative() && !preflight.readTimeout().isZero(),
				"preflight timeouts must be positive");
	}

	/**
	 * Pre-flight checks, under {@code mailmig.api.preflight}.
	 *
	 * @param concurrency how many accounts are checked at once (each check holds two IMAP connections)
	 * @param assumedThroughput bytes copied per second, per migration, assumed for the estimated
	 * duration of a migration before it runs
	 * @param connectTimeout IMAP connect and TLS handshake timeout
	 * @param readTimeout how long one IMAP command may wait for its answer
	 */
	public record Preflight(@DefaultValue("4") int concurrency, @DefaultValue("2MB") DataSize assumedThroughput,
			@DefaultValue("20s") Duration connectTimeout, @DefaultValue("60s") Duration readTimeout) {
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException("mailmig.api." + message);
		}
	}

	/**
	 * A bearer token and what it may do.
	 *
	 * @param token the secret the client sends as {@code Authorization: Bearer <token>}
	 * @param role {@code OPERATOR} (everything) or {@code VIEWER} (reads only)
	 */
	public record ApiToken(String token, Role role) {

		public ApiToken {
			if (token == null || token.isBlank()) {
				throw new IllegalArgumentException("mailmig.api.tokens[].token must not be blank");
			}
			if (role == null) {
				throw new IllegalArgumentException("mailmig.api.tokens[].role must be OPERATOR or VIEWER");
			}
		}

		@Override
		public String toString() {
			// the token is a secret: never in a log line
			return "ApiToken[token=******, role=" + role + "]";
		}

	}

	/** What a token may do. */
	public enum Role {

		/** Reads and commands. */
		OPERATOR,

		/** Reads only. */
		VIEWER

	}

}
