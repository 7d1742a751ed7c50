package io.mailmig.api.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.mailmig.api.migration.MigrationState;
import io.mailmig.api.plan.PlanStatus.RunningPass;
import io.mailmig.api.plan.PlanView.Count;
import io.mailmig.api.preflight.PreflightViews;
import io.mailmig.api.system.NotFoundException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads plans with their counters from the read model. */
@Component
class PlanViews {

	private final JdbcClient jdbc;

	private final PreflightViews preflights;

	PlanViews(JdbcClient jdbc, PreflightViews preflights) {
		this.jdbc = jdbc;
		this.preflights = preflights;
	}

	@Transactional(readOnly = true)
	PlanView plan(UUID id) {
		Header header = this.jdbc.sql("SELECT id, name, mode, created_at FROM plan WHERE id = ?")
			.param(id)
			.query(Header.class)
			.optional()
			.orElseThrow(() -> new NotFoundException("plan", id));
		Map<MigrationState, Long> counts = PlanStatus.emptyCounts();
		this.jdbc.sql("SELECT state, count(*) AS n FROM migration WHERE plan_id = ? GROUP BY state")
			.param(id)
			.query(rs -> {
				counts.put(MigrationState.valueOf(rs.getString("state")), rs.getLong("n"));
			});
		long[] totals = this.jdbc.sql("""
				SELECT coalesce(sum(mp.messages_total), 0) AS messages, coalesce(sum(mp.bytes_total), 0) AS bytes,
				  (SELECT coalesce(sum(pp.messages_copied), 0) FROM partition_progress pp
				   JOIN migration m ON m.id = pp.migration_id WHERE m.plan_id = ?) AS copied,
				  (SELECT coalesce(sum(pp.bytes_copied), 0) FROM partition_progress pp
				   JOIN migration m ON m.id = pp.migration_id WHERE m.plan_id = ?) AS bytes_copied
				FROM migration_pass mp JOIN migration m ON m.id = mp.migration_id WHERE m.plan_id = ?""")
			.params(id, id, id)
			.query((rs, i) -> new long[] { rs.getLong("copied"), rs.getLong("messages"), rs.getLong("bytes_copied"),
					rs.getLong("bytes") })
			.single();
		List<RunningPass> running = this.jdbc.sql("""
				SELECT mp.started_at, coalesce(pp.copied, 0) AS messages_copied, mp.messages_total,
				  coalesce(pp.bytes, 0) AS bytes_copied, mp.bytes_total
				FROM migration m
				JOIN migration_pass mp ON mp.migration_id = m.id AND mp.number = m.current_pass
				LEFT JOIN (SELECT migration_id, pass, sum(messages_copied) AS copied, sum(bytes_copied) AS bytes
				           FROM partition_progress
				           WHERE migration_id IN (SELECT id FROM migration WHERE plan_id = ? AND state = 'RUNNING')
				           GROUP BY migration_id, pass) pp
				  ON pp.migration_id = m.id AND pp.pass = m.current_pass
				WHERE m.plan_id = ? AND m.state = 'RUNNING'""").params(id, id).query(RunningPass.class).list();
		return new PlanView(header.id(), header.name(), PlanStatus.state(counts), header.mode(),
				PlanStatus.byName(counts), new Count(totals[0], totals[1]), new Count(totals[2], totals[3]),
				PlanStatus.eta(running, Instant.now()), header.createdAt(), this.preflights.ofPlan(id));
	}

	/** The plan row. */
	record Header(UUID id, String name, PlanMode mode, Instant createdAt) {
	}

}
