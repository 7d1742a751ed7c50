package io.mailmig.api.migration;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.mailmig.common.crypto.SealedCredentials;
import io.mailmig.common.event.Json;
import io.mailmig.common.event.MigrationRequest;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.MigrationOptions;
import io.mailmig.common.model.Security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Asks the workers for a pass of a migration: writes the {@link MigrationRequest} to the outbox in the
 * caller's transaction, together with the state change that asks for it, so that a request is
 * published if and only if the change is committed. Asking again for a pass that failed is how a
 * restart is asked: the worker resumes it from its last committed chunk.
 */
@Component
public class PassRequests {

	private final JdbcClient jdbc;

	PassRequests(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param migrationId the migration, locked by the caller
	 * @param pass the pass number: the current one to resume it, the next one for a new pass
	 * @param finalPass true when this pass completes a {@code SYNC_UNTIL_CUTOVER} migration
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void request(UUID migrationId, int pass, boolean finalPass) {
		Instant now = Instant.now();
		MigrationRequest request = describe(migrationId, pass, now);
		this.jdbc.sql("INSERT INTO request_outbox (migration_id, pass, payload) VALUES (?, ?, ?)")
			.params(migrationId, pass, Json.mapper().writeValueAsString(request))
			.update();
		this.jdbc.sql("""
				UPDATE migration SET state = 'QUEUED', current_pass = ?, next_sync_at = NULL,
				  final_pass = CASE WHEN ? THEN ? ELSE final_pass END, updated_at = now()
				WHERE id = ?""").params(pass, finalPass, pass, migrationId).update();
		this.jdbc.sql("""
				INSERT INTO migration_pass (migration_id, number, final, outcome, requested_at)
				VALUES (?, ?, ?, 'REQUESTED', ?)
				ON CONFLICT (migration_id, number) DO UPDATE
				  SET outcome = 'REQUESTED', finished_at = NULL, final = migration_pass.final OR EXCLUDED.final""")
			.params(migrationId, pass, finalPass, Timestamp.from(now))
			.update();
	}

	/**
	 * The request a pass of a migration would carry, without asking for it: servers, sealed logins and
	 * options, as stored with the plan.
	 * @param migrationId the migration
	 * @param pass the pass number
	 * @param now when it is asked
	 */
	public MigrationRequest describe(UUID migrationId, int pass, Instant now) {
		return this.jdbc.sql("""
				SELECT m.source_login, m.source_password_sealed, m.source_user, m.destination_login,
				  m.destination_password_sealed, m.destination_user, p.source_host, p.source_port, p.source_security,
				  p.source_certificate, p.destination_host, p.destination_port, p.destination_security,
				  p.destination_certificate, p.include_folders, p.exclude_folders, p.since, p.max_message_size
				FROM migration m JOIN plan p ON p.id = m.plan_id WHERE m.id = ?""")
			.param(migrationId)
			.query((rs, i) -> request(rs, migrationId, pass, now))
			.single();
	}

	private static MigrationRequest request(ResultSet rs, UUID migrationId, int pass, Instant now)
			throws SQLException {
		ImapEndpoint source = new ImapEndpoint(rs.getString("source_host"), rs.getInt("source_port"),
				Security.valueOf(rs.getString("source_security")), rs.getString("source_certificate"));
		ImapEndpoint destination = new ImapEndpoint(rs.getString("destination_host"), rs.getInt("destination_port"),
				Security.valueOf(rs.getString("destination_security")), rs.getString("destination_certificate"));
		SealedCredentials sourceLogin = credentials(rs.getString("source_login"), rs.getString("source_password_sealed"),
				rs.getString("source_user"));
		SealedCredentials destinationLogin = credentials(rs.getString("destination_login"),
				rs.getString("destination_password_sealed"), rs.getString("destination_user"));
		Timestamp since = rs.getTimestamp("since");
		long maxSize = rs.getLong("max_message_size");
		Long maxMessageSize = rs.wasNull() ? null : maxSize;
		MigrationOptions options = new MigrationOptions(strings(rs.getArray("include_folders")),
				strings(rs.getArray("exclude_folders")), since == null ? null : since.toInstant(), maxMessageSize);
		return new MigrationRequest(migrationId, pass, source, sourceLogin, destination, destinationLogin, options, now);
	}

	/** Logged in as the user itself, or as an administrator acting for the user. */
	private static SealedCredentials credentials(String login, String sealedPassword, String user) {
		return new SealedCredentials(login, sealedPassword, login.equals(user) ? null : user);
	}

	private static List<String> strings(Array array) throws SQLException {
		return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
	}

}
