package io.mailmig.benchmark;

import java.util.stream.DoubleStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReportTests {

	@Test
	void medianShouldBeTheMiddleValueWhateverTheOrder() {
		assertThat(Report.median(DoubleStream.of(1.26, 1.03, 1.18))).isEqualTo(1.18);
		assertThat(Report.median(DoubleStream.of(0.9))).isEqualTo(0.9);
	}

	@Test
	void medianOfAnEvenCountShouldBeTheMeanOfTheTwoMiddleValues() {
		assertThat(Report.median(DoubleStream.of(1.26, 0.94, 1.13, 0.99))).isEqualTo((0.99 + 1.13) / 2);
	}

	@Test
	void medianOfNothingShouldBeRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Report.median(DoubleStream.empty()));
	}

}
