package io.mailmig.api.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.mailmig.api.migration.MigrationState;
import io.mailmig.api.plan.PlanStatus.RunningPass;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanStatusTests {

	@Test
	void stateShouldBeRunningWhenAnyMigrationIsQueuedOrRunning() {
		assertThat(PlanStatus.state(Map.of(MigrationState.QUEUED, 1L, MigrationState.COMPLETED, 5L)))
			.isEqualTo("RUNNING");
	}

	@Test
	void stateShouldSayHowThePlanEndedWhenEveryMigrationIsOver() {
		assertThat(PlanStatus.state(Map.of(MigrationState.COMPLETED, 2L, MigrationState.CANCELLED, 1L)))
			.isEqualTo("COMPLETED");
		assertThat(PlanStatus.state(Map.of(MigrationState.COMPLETED, 2L, MigrationState.FAILED, 1L)))
			.isEqualTo("COMPLETED_WITH_ERRORS");
		assertThat(PlanStatus.state(Map.of(MigrationState.FAILED, 2L))).isEqualTo("FAILED");
		assertThat(PlanStatus.state(Map.of(MigrationState.CANCELLED, 2L))).isEqualTo("CANCELLED");
		assertThat(PlanStatus.state(Map.of(MigrationState.SYNCED, 2L, MigrationState.FAILED, 1L))).isEqualTo("SYNCED");
		assertThat(PlanStatus.state(Map.of(MigrationState.READY, 2L))).isEqualTo("READY");
	}

	@Test
	void stateShouldBePreflightWhenMigrationsAreBeingCheckedAndNoneRuns() {
		assertThat(PlanStatus.state(Map.of(MigrationState.PENDING, 1L, MigrationState.READY, 2L))).isEqualTo("PREFLIGHT");
		assertThat(PlanStatus.state(Map.of(MigrationState.PREFLIGHT, 1L, MigrationState.FAILED, 1L)))
			.isEqualTo("PREFLIGHT");
		assertThat(PlanStatus.state(Map.of(MigrationState.PREFLIGHT, 1L, MigrationState.QUEUED, 1L))).isEqualTo("RUNNING");
	}

	@Test
	void etaShouldExtrapolateTheRateOfRunningPassesWhenTheyCopiedSomething() {
		// given: one pass copied 100 of 400 bytes in 10 s, another has not started copying
		Instant now = Instant.parse("2025-01-01T00:00:10Z");
		List<RunningPass> running = List.of(new RunningPass(Instant.parse("2025-01-01T00:00:00Z"), 1, 4, 100, 400),
				new RunningPass(null, 0, 2, 0, 200));

		// when
		Instant eta = PlanStatus.eta(running, now);

		// then: 500 bytes left at 10 bytes/s
		assertThat(eta).isEqualTo(now.plusSeconds(50));
	}

	@Test
	void etaShouldBeUnknownWhenNothingWasCopiedYet() {
		assertThat(PlanStatus.eta(List.of(new RunningPass(Instant.EPOCH, 0, 4, 0, 400)), Instant.now())).isNull();
		assertThat(PlanStatus.eta(List.of(), Instant.now())).isNull();
	}

}
