package io.mailmig.api.plan;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.mailmig.api.migration.MigrationState;
import io.mailmig.api.plan.NewPlan.NewAccount;
import io.mailmig.common.crypto.CredentialCipher;
import io.mailmig.common.model.ImapEndpoint;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Stores a new plan and its migrations. Passwords are sealed here, before any SQL sees them. */
@Repository
class PlanStore {

	private final JdbcTemplate jdbc;

	private final CredentialCipher cipher;

	PlanStore(JdbcTemplate jdbc, CredentialCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
	}

	/** @return the ids of the plan's migrations, in the order of its accounts */
	@Transactional(propagation = Propagation.MANDATORY)
	List<UUID> insert(UUID planId, NewPlan plan) {
		ImapEndpoint source = plan.source();
		ImapEndpoint destination = plan.destination();
		this.jdbc.update(connection -> {
			var ps = connection.prepareStatement("""
					INSERT INTO plan (id, name, mode, source_host, source_port, source_security, source_certificate,
					  destination_host, destination_port, destination_security, destination_certificate,
					  include_folders, exclude_folders, since, max_message_size, sync_interval_seconds,
					  destination_must_be_empty, started)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
			ps.setObject(1, planId);
			ps.setString(2, plan.name());
			ps.setString(3, plan.mode().name());
			ps.setString(4, source.host());
			ps.setInt(5, source.port());
			ps.setString(6, source.security().name());
			ps.setString(7, source.trustedCertificatePem());
			ps.setString(8, destination.host());
			ps.setInt(9, destination.port());
			ps.setString(10, destination.security().name());
			ps.setString(11, destination.trustedCertificatePem());
			ps.setArray(12, connection.createArrayOf("text", plan.options().includeFolders().toArray()));
			ps.setArray(13, connection.createArrayOf("text", plan.options().excludeFolders().toArray()));
			ps.setTimestamp(14, plan.options().since() == null ? null : Timestamp.from(plan.options().since()));
			ps.setObject(15, plan.options().maxMessageSize());
			ps.setLong(16, plan.syncInterval().toSeconds());
			ps.setBoolean(17, plan.destinationMustBeEmpty());
			ps.setBoolean(18, plan.start());
			return ps;
		});
		List<UUID> ids = new ArrayList<>();
		List<Object[]> rows = new ArrayList<>();
		for (NewAccount account : plan.accounts()) {
			UUID id = UUID.randomUUID();
			ids.add(id);
			rows.add(new Object[] { id, planId, rows.size(), account.sourceUser(), account.sourceLogin().user(),
					this.cipher.seal(account.sourceLogin().password()), account.destinationUser(),
					account.destinationLogin().user(), this.cipher.seal(account.destinationLogin().password()),
					MigrationState.PENDING.name() });
		}
		// a stored migration waits for its pre-flight
		this.jdbc.batchUpdate("""
				INSERT INTO migration (id, plan_id, ordinal, source_user, source_login, source_password_sealed,
				  destination_user, destination_login, destination_password_sealed, state)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
		return ids;
	}

}
