package io.mailmig.api.migration;

import io.mailmig.api.system.ApiProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The outbox relay and the sync scheduler, at the intervals {@link ApiProperties} gives. */
@Configuration(proxyBeanMethods = false)
class MigrationScheduling implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(MigrationScheduling.class);

	private final ApiProperties properties;

	private final OutboxRelay relay;

	private final SyncScheduler syncs;

	MigrationScheduling(ApiProperties properties, OutboxRelay relay, SyncScheduler syncs) {
		this.properties = properties;
		this.relay = relay;
		this.syncs = syncs;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this.relay::relay, this.properties.outboxInterval());
		registrar.addFixedDelayTask(() -> {
			try {
				this.syncs.syncDue();
			}
			catch (RuntimeException ex) {
				log.warn("Could not queue due incremental passes, will retry: {}", ex.getMessage());
			}
		}, this.properties.syncCheckInterval());
	}

}
