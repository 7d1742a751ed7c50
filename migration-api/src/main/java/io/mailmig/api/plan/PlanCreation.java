package io.mailmig.api.plan;

import java.util.List;
import java.util.UUID;

import io.mailmig.api.migration.PassRequests;
import io.mailmig.api.system.ApiProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Validates and stores a plan, and queues the first pass of each of its migrations when it starts at
 * once, in one transaction: a plan is stored whole with its requests in the outbox, or not at all.
 */
@Service
class PlanCreation {

	private static final Logger log = LoggerFactory.getLogger(PlanCreation.class);

	private final PlanStore store;

	private final PassRequests passes;

	private final PlanValidator validator;

	PlanCreation(PlanStore store, PassRequests passes, ApiProperties properties) {
		this.store = store;
		this.passes = passes;
		this.validator = new PlanValidator(properties.defaultSyncInterval(), properties.minSyncInterval(),
				properties.maxAccountsPerPlan());
	}

	@Transactional
	public UUID create(PlanRequest request, List<AccountInput> accounts) {
		NewPlan plan = this.validator.validate(request, accounts);
		UUID planId = UUID.randomUUID();
		List<UUID> migrations = this.store.insert(planId, plan);
		if (plan.start()) {
			migrations.forEach(id -> this.passes.request(id, 1, false));
		}
		log.info("Plan {} ({}) created: {} migration(s), {} {}", planId, plan.name(), migrations.size(), plan.mode(),
				plan.start() ? "started" : "waiting for start");
		return planId;
	}

}
