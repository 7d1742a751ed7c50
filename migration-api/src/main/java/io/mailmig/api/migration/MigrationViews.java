package io.mailmig.api.migration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.mailmig.api.migration.MigrationView.Count;
import io.mailmig.api.migration.MigrationView.ErrorView;
import io.mailmig.api.migration.MigrationView.FolderView;
import io.mailmig.api.migration.MigrationView.PassView;
import io.mailmig.api.migration.MigrationView.SkippedView;
import io.mailmig.api.preflight.PreflightView;
import io.mailmig.api.preflight.PreflightViews;
import io.mailmig.api.system.NotFoundException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads migrations from the read model: one query per kind of row for any number of migrations, so a
 * plan of thousands is six queries.
 */
@Component
class MigrationViews {

	private final JdbcClient jdbc;

	private final PreflightViews preflights;

	MigrationViews(JdbcClient jdbc, PreflightViews preflights) {
		this.jdbc = jdbc;
		this.preflights = preflights;
	}

	@Transactional(readOnly = true)
	MigrationView migration(UUID id) {
		List<MigrationView> views = views("m.id = ?", List.of(id));
		if (views.isEmpty()) {
			throw new NotFoundException("migration", id);
		}
		return views.get(0);
	}

	@Transactional(readOnly = true)
	List<MigrationView> ofPlan(UUID planId, MigrationState state) {
		if (this.jdbc.sql("SELECT count(*) FROM plan WHERE id = ?").param(planId).query(Long.class).single() == 0) {
			throw new NotFoundException("plan", planId);
		}
		return state == null ? views("m.plan_id = ?", List.of(planId))
				: views("m.plan_id = ? AND m.state = ?", List.of(planId, state.name()));
	}

	private List<MigrationView> views(String where, List<Object> params) {
		List<Row> rows = this.jdbc.sql("""
				SELECT m.id, m.plan_id, m.source_user, m.destination_user, m.state, m.current_pass, m.error_type,
				  m.error_detail, m.cutover_requested, m.next_sync_at, m.updated_at
				FROM migration m WHERE %s ORDER BY m.ordinal""".formatted(where)).params(params).query(Row.class).list();
		if (rows.isEmpty()) {
			return List.of();
		}
		UUID[] ids = rows.stream().map(Row::id).toArray(UUID[]::new);
		Map<UUID, List<PassView>> passes = group(this.jdbc.sql("""
				SELECT mp.migration_id, mp.number, mp.outcome, mp.final, mp.requested_at, mp.started_at, mp.finished_at,
				  coalesce(mp.messages_copied, pp.copied, 0) AS copied, coalesce(mp.bytes_copied, pp.bytes, 0) AS bytes,
				  mp.messages_total
				FROM migration_pass mp
				LEFT JOIN (SELECT migration_id, pass, sum(messages_copied) AS copied, sum(bytes_copied) AS bytes
				           FROM partition_progress WHERE migration_id = ANY(?) GROUP BY migration_id, pass) pp
				  ON pp.migration_id = mp.migration_id AND pp.pass = mp.number
				WHERE mp.migration_id = ANY(?) ORDER BY mp.migration_id, mp.number""").params(ids, ids)
			.query((rs, i) -> Map.entry(uuid(rs, "migration_id"),
					new PassView(rs.getInt("number"), rs.getString("outcome"), rs.getBoolean("final"),
							instant(rs, "requested_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
							rs.getLong("copied"), rs.getLong("bytes"), rs.getLong("messages_total"))))
			.list());
		Map<UUID, long[]> totals = new HashMap<>();
		this.jdbc.sql("""
				SELECT mp.migration_id, sum(mp.messages_total) AS messages, sum(mp.bytes_total) AS bytes,
				  coalesce(sum(pp.copied), 0) AS copied, coalesce(sum(pp.bytes), 0) AS bytes_copied
				FROM migration_pass mp
				LEFT JOIN (SELECT migration_id, pass, sum(messages_copied) AS copied, sum(bytes_copied) AS bytes
				           FROM partition_progress WHERE migration_id = ANY(?) GROUP BY migration_id, pass) pp
				  ON pp.migration_id = mp.migration_id AND pp.pass = mp.number
				WHERE mp.migration_id = ANY(?) GROUP BY mp.migration_id""").params(ids, ids).query(rs -> {
			totals.put(uuid(rs, "migration_id"), new long[] { rs.getLong("copied"), rs.getLong("messages"),
					rs.getLong("bytes_copied"), rs.getLong("bytes") });
		});
		Map<UUID, List<FolderView>> folders = group(this.jdbc.sql("""
				SELECT f.*, coalesce(pp.copied, 0) AS live_copied, coalesce(pp.bytes, 0) AS live_bytes,
				  coalesce(pp.skipped, 0) AS live_skipped
				FROM folder_progress f
				JOIN (SELECT migration_id, max(pass) AS pass FROM folder_progress WHERE migration_id = ANY(?)
				      GROUP BY migration_id) latest ON latest.migration_id = f.migration_id AND latest.pass = f.pass
				LEFT JOIN (SELECT migration_id, pass, folder, sum(messages_copied) AS copied, sum(bytes_copied) AS bytes,
				             sum(messages_skipped) AS skipped
				           FROM partition_progress WHERE migration_id = ANY(?) GROUP BY migration_id, pass, folder) pp
				  ON pp.migration_id = f.migration_id AND pp.pass = f.pass AND pp.folder = f.folder
				ORDER BY f.migration_id, f.folder""").params(ids, ids).query((rs, i) -> Map.entry(uuid(rs, "migration_id"),
				folder(rs))).list());
		Map<UUID, List<SkippedView>> skipped = group(this.jdbc.sql("""
				SELECT * FROM skipped_message WHERE migration_id = ANY(?)
				ORDER BY migration_id, occurred_at, folder, uid""").param(ids)
			.query((rs, i) -> Map.entry(uuid(rs, "migration_id"),
					new SkippedView(rs.getInt("pass"), rs.getString("folder"), rs.getLong("uid"), rs.getLong("size"),
							rs.getString("reason"), rs.getString("detail"), instant(rs, "occurred_at"))))
			.list());
		Map<UUID, PreflightView> preflights = this.preflights.of(ids);
		List<MigrationView> views = new ArrayList<>(rows.size());
		for (Row row : rows) {
			long[] t = totals.getOrDefault(row.id(), new long[4]);
			ErrorView error = row.errorType() == null ? null : new ErrorView(row.errorType(), row.errorDetail());
			views.add(new MigrationView(row.id(), row.planId(), row.sourceUser(), row.destinationUser(), row.state(),
					row.currentPass(), new Count(t[0], t[1]), new Count(t[2], t[3]),
					passes.getOrDefault(row.id(), List.of()), folders.getOrDefault(row.id(), List.of()),
					skipped.getOrDefault(row.id(), List.of()), error, row.cutoverRequested(), row.nextSyncAt(),
					row.updatedAt(), preflights.get(row.id())));
		}
		return views;
	}

	private static FolderView folder(ResultSet rs) throws SQLException {
		boolean completed = rs.getBoolean("completed");
		String rejected = rs.getString("rejected_reason");
		long copied = completed ? rs.getLong("copied") : rs.getLong("live_copied");
		long skipped = completed ? rs.getLong("skipped") : rs.getLong("live_skipped");
		String state = rejected != null ? "REJECTED" : completed ? "COMPLETED" : copied + skipped > 0 ? "COPYING" : "PENDING";
		return new FolderView(rs.getString("folder"), rs.getString("destination_folder"), rs.getInt("pass"), state,
				rs.getLong("source_messages"), rs.getLong("to_copy"), copied, rs.getLong("live_bytes"), skipped,
				completed ? rs.getLong("verified") : null, completed ? rs.getLong("mismatched") : null, rejected);
	}

	private static <T> Map<UUID, List<T>> group(List<Map.Entry<UUID, T>> entries) {
		Map<UUID, List<T>> grouped = new HashMap<>();
		entries.forEach(e -> grouped.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
		return grouped;
	}

	static UUID uuid(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, UUID.class);
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return timestamp == null ? null : timestamp.toInstant();
	}

	/** A migration row. */
	record Row(UUID id, UUID planId, String sourceUser, String destinationUser, MigrationState state, int currentPass,
			String errorType, String errorDetail, boolean cutoverRequested, Instant nextSyncAt, Instant updatedAt) {
	}

}
