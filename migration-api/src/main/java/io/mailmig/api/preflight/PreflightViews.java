package io.mailmig.api.preflight;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.mailmig.common.event.Json;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads pre-flight results for the migration and plan views, one query for any number of migrations. */
@Component
public class PreflightViews {

	private final JdbcClient jdbc;

	PreflightViews(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The last pre-flight of each of these migrations that has one. */
	public Map<UUID, PreflightView> of(UUID[] migrationIds) {
		Map<UUID, PreflightView> views = new HashMap<>();
		this.jdbc.sql("SELECT * FROM preflight WHERE migration_id = ANY(?)").param(migrationIds).query(rs -> {
			views.put(rs.getObject("migration_id", UUID.class), view(rs));
		});
		return views;
	}

	/** The pre-flight of a plan's migrations, summed. */
	public PreflightSummary ofPlan(UUID planId) {
		return this.jdbc.sql("""
				SELECT count(*) FILTER (WHERE m.state IN ('PENDING', 'PREFLIGHT')) AS pending,
				  count(*) FILTER (WHERE pf.outcome = 'PASSED' AND m.state NOT IN ('PENDING', 'PREFLIGHT')) AS passed,
				  count(*) FILTER (WHERE pf.outcome = 'WARNED' AND m.state NOT IN ('PENDING', 'PREFLIGHT')) AS warned,
				  count(*) FILTER (WHERE pf.outcome = 'FAILED' AND m.state NOT IN ('PENDING', 'PREFLIGHT')) AS failed,
				  coalesce(sum(pf.folders), 0) AS folders, coalesce(sum(pf.messages), 0) AS messages,
				  coalesce(sum(pf.bytes), 0) AS bytes, coalesce(sum(pf.estimated_seconds), 0) AS seconds
				FROM migration m LEFT JOIN preflight pf ON pf.migration_id = m.id WHERE m.plan_id = ?""")
			.param(planId)
			.query((rs, i) -> new PreflightSummary(rs.getLong("pending"), rs.getLong("passed"), rs.getLong("warned"),
					rs.getLong("failed"), rs.getLong("folders"), rs.getLong("messages"), rs.getLong("bytes"),
					Duration.ofSeconds(rs.getLong("seconds"))))
			.single();
	}

	private static PreflightView view(ResultSet rs) throws SQLException {
		String outcome = rs.getString("outcome");
		long seconds = rs.getLong("estimated_seconds");
		Duration estimated = rs.wasNull() ? null : Duration.ofSeconds(seconds);
		return new PreflightView(outcome == null ? "RUNNING" : outcome, instant(rs.getTimestamp("started_at")),
				instant(rs.getTimestamp("finished_at")),
				List.of(Json.mapper().readValue(rs.getString("checks"), PreflightCheck[].class)),
				(Integer) rs.getObject("folders", Integer.class), rs.getObject("messages", Long.class),
				rs.getObject("bytes", Long.class), rs.getObject("largest_message", Long.class), estimated);
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

}
