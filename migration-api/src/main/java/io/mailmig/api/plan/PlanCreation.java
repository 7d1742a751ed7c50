package io.mailmig.api.plan;

import java.util.List;
import java.util.UUID;

import io.mailmig.api.preflight.PreflightRunner;
import io.mailmig.api.system.ApiProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Validates and stores a plan in one transaction, whole or not at all, then has its migrations'
 * pre-flight checked off the request thread. A migration whose checks pass is queued at once when the
 * plan starts at once, or waits {@code READY} for {@code POST /api/v1/plans/{id}/start}.
 */
@Service
class PlanCreation {

	private static final Logger log = LoggerFactory.getLogger(PlanCreation.class);

	private final PlanStore store;

	private final PlanValidator validator;

	private final PreflightRunner preflights;

	PlanCreation(PlanStore store, PreflightRunner preflights, ApiProperties properties) {
		this.store = store;
		this.preflights = preflights;
		this.validator = new PlanValidator(properties.defaultSyncInterval(), properties.minSyncInterval(),
				properties.maxAccountsPerPlan());
	}

	@Transactional
	public UUID create(PlanRequest request, List<AccountInput> accounts) {
		NewPlan plan = this.validator.validate(request, accounts);
		UUID planId = UUID.randomUUID();
		List<UUID> migrations = this.store.insert(planId, plan);
		this.preflights.runAfterCommit(migrations);
		log.info("Plan {} ({}) created: {} migration(s), {}, pre-flight running, {}", planId, plan.name(),
				migrations.size(), plan.mode(), plan.start() ? "started" : "waiting for start");
		return planId;
	}

}
