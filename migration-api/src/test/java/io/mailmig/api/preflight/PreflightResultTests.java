package io.mailmig.api.preflight;

import java.util.List;

import io.mailmig.api.preflight.PreflightCheck.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PreflightResultTests {

	@Test
	void outcomeShouldBeWarnedWhenAWarningAndNoFailure() {
		// given
		PreflightResult result = new PreflightResult(
				List.of(new PreflightCheck("A", Status.OK, "fine"), new PreflightCheck("B", Status.WARN, "look")), null,
				null);

		// when / then
		assertThat(result.outcome()).isEqualTo("WARNED");
		assertThat(result.failed()).isFalse();
	}

	@Test
	void failureDetailShouldNameEveryFailedCheckWhenSeveralFailed() {
		// given
		PreflightResult result = new PreflightResult(List.of(new PreflightCheck("SOURCE_LOGIN", Status.FAIL, "refused"),
				new PreflightCheck("DESTINATION_LOGIN", Status.FAIL, "unreachable")), "AUTHENTICATION", null);

		// when / then
		assertThat(result.outcome()).isEqualTo("FAILED");
		assertThat(result.failureDetail()).isEqualTo("SOURCE_LOGIN: refused; DESTINATION_LOGIN: unreachable");
	}

	@Test
	void sizeShouldUseBinaryUnitsWhenAtLeastOneKibibyte() {
		assertThat(PreflightChecks.size(1023)).isEqualTo("1023 B");
		assertThat(PreflightChecks.size(200 * 1024)).isEqualTo("200.0 KiB");
		assertThat(PreflightChecks.size(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GiB");
	}

}
