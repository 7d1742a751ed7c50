package io.mailmig.api.migration;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps {@code SYNCED} migrations up to date: when a migration's {@code syncInterval} has elapsed since
 * its last pass ended, asks for the next incremental pass. Rows are taken with SKIP LOCKED so that
 * several api instances never ask twice.
 */
@Component
class SyncScheduler {

	private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

	private final JdbcClient jdbc;

	private final PassRequests passes;

	SyncScheduler(JdbcClient jdbc, PassRequests passes) {
		this.jdbc = jdbc;
		this.passes = passes;
	}

	@Transactional
	public void syncDue() {
		List<Due> due = this.jdbc.sql("""
				SELECT id, current_pass FROM migration
				WHERE state = 'SYNCED' AND next_sync_at <= now()
				ORDER BY next_sync_at LIMIT 500 FOR UPDATE SKIP LOCKED""").query(Due.class).list();
		for (Due migration : due) {
			this.passes.request(migration.id(), migration.currentPass() + 1, false);
		}
		if (!due.isEmpty()) {
			log.info("Incremental pass queued for {} synced migration(s)", due.size());
		}
	}

	record Due(UUID id, int currentPass) {
	}

}
