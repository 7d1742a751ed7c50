package io.mailmig.api.migration;

import java.util.List;
import java.util.UUID;

import io.mailmig.api.migration.MigrationReport.FolderReport;
import io.mailmig.api.system.NotFoundException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Builds {@link MigrationReport}s from the read model. */
@Component
class MigrationReports {

	private final JdbcClient jdbc;

	MigrationReports(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	MigrationReport report(UUID migrationId) {
		MigrationViews.Row m = this.jdbc.sql("""
				SELECT id, plan_id, source_user, destination_user, state, current_pass, error_type, error_detail,
				  cutover_requested, next_sync_at, updated_at FROM migration WHERE id = ?""")
			.param(migrationId)
			.query(MigrationViews.Row.class)
			.optional()
			.orElseThrow(() -> new NotFoundException("migration", migrationId));
		List<FolderReport> folders = this.jdbc.sql("""
				WITH latest AS (
				  SELECT DISTINCT ON (folder) folder, destination_folder, source_messages, rejected_reason
				  FROM folder_progress WHERE migration_id = ? ORDER BY folder, pass DESC),
				checked AS (
				  SELECT DISTINCT ON (folder) folder, skipped, in_ledger, verified, mismatched
				  FROM folder_progress WHERE migration_id = ? AND completed ORDER BY folder, pass DESC),
				copied AS (
				  SELECT folder, sum(messages_copied) AS copied FROM partition_progress WHERE migration_id = ?
				  GROUP BY folder)
				SELECT l.folder, l.destination_folder, l.source_messages, l.rejected_reason, c.skipped, c.in_ledger,
				  c.verified, c.mismatched, coalesce(k.copied, 0) AS copied, c.folder IS NOT NULL AS checked
				FROM latest l LEFT JOIN checked c ON c.folder = l.folder LEFT JOIN copied k ON k.folder = l.folder
				ORDER BY l.folder""").params(migrationId, migrationId, migrationId).query((rs, i) -> {
			String rejected = rs.getString("rejected_reason");
			boolean checked = rs.getBoolean("checked");
			long mismatched = rs.getLong("mismatched");
			String status = rejected != null ? "REJECTED" : !checked ? "NOT_VERIFIED" : mismatched > 0 ? "MISMATCH"
					: "VERIFIED";
			return new FolderReport(rs.getString("folder"), rs.getString("destination_folder"),
					rs.getLong("source_messages"), rs.getLong("copied"), rs.getLong("skipped"), rs.getLong("in_ledger"),
					rs.getLong("verified"), mismatched, status, rejected);
		}).list();
		boolean verified = !folders.isEmpty()
				&& folders.stream().allMatch(f -> "VERIFIED".equals(f.status()) && f.skipped() == 0);
		return new MigrationReport(m.id(), m.sourceUser(), m.destinationUser(), m.state(), m.currentPass(), verified,
				folders);
	}

}
