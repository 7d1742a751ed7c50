package io.mailmig.standalone;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LaunchOptionsTests {

	@Test
	void parseShouldUseDataUnderTheWorkingDirectoryWhenNothingIsSaid() {
		// when
		LaunchOptions options = LaunchOptions.parse(new String[0], Map.of());

		// then
		assertThat(options.dataDirectory()).isEqualTo(Path.of("data").toAbsolutePath());
		assertThat(options.demo()).isFalse();
		assertThat(options.springArguments()).isEmpty();
	}

	@Test
	void parseShouldPreferTheArgumentToTheEnvironmentForTheDataDirectory() {
		// when
		LaunchOptions fromEnvironment = LaunchOptions.parse(new String[0], Map.of("MAILMIG_DATA_DIR", "/srv/mm"));
		LaunchOptions fromArgument = LaunchOptions.parse(new String[] { "--data-dir=/opt/mm" },
				Map.of("MAILMIG_DATA_DIR", "/srv/mm"));

		// then
		assertThat(fromEnvironment.dataDirectory()).isEqualTo(Path.of("/srv/mm"));
		assertThat(fromArgument.dataDirectory()).isEqualTo(Path.of("/opt/mm"));
	}

	@Test
	void parseShouldReadDemoOptionsAndPassSpringPropertiesThrough() {
		// when
		LaunchOptions options = LaunchOptions.parse(new String[] { "--demo", "--demo-messages=500",
				"--demo-source-port=0", "--server.port=9090", "--mailmig.worker.chunk-messages=50" }, Map.of());

		// then
		assertThat(options.demo()).isTrue();
		assertThat(options.demoMessages()).isEqualTo(500);
		assertThat(options.demoSourcePort()).isZero();
		assertThat(options.demoDestinationPort()).isEqualTo(4143);
		assertThat(options.springArguments()).containsExactly("--server.port=9090",
				"--mailmig.worker.chunk-messages=50");
	}

	@Test
	void parseShouldRejectWhatItDoesNotKnow() {
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse(new String[] { "demo" }, Map.of()))
			.withMessageContaining("unknown argument: demo");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LaunchOptions.parse(new String[] { "--demo-messages=many" }, Map.of()))
			.withMessageContaining("--demo-messages must be a number");
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse(new String[] { "--data-dir=" }, Map.of()))
			.withMessageContaining("--data-dir needs a value");
	}

}
