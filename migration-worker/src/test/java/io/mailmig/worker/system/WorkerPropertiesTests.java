package io.mailmig.worker.system;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerPropertiesTests {

	@Test
	void connectionCapShouldDefaultToWhatExchangeAccepts() {
		// given no setting
		Map<String, String> settings = Map.of();

		// when
		WorkerProperties properties = bind(settings);

		// then
		assertThat(properties.maxConnectionsPerServer()).isEqualTo(20);
		assertThat(properties.serverConnectionLimits()).isEmpty();
		assertThat(properties.connectionWait()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void serverLimitsShouldBindWithHostAndPortAsKey() {
		// given
		Map<String, String> settings = Map.of("mailmig.worker.max-connections-per-server", "12",
				"mailmig.worker.server-connection-limits[imap.example.com:993]", "8",
				"mailmig.worker.connection-wait", "2m");

		// when
		WorkerProperties properties = bind(settings);

		// then
		assertThat(properties.maxConnectionsPerServer()).isEqualTo(12);
		assertThat(properties.serverConnectionLimits()).containsExactly(Map.entry("imap.example.com:993", 8));
		assertThat(properties.connectionWait()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void capOfOneShouldBeRefusedBecauseAPartitionMayNeedTwoConnectionsToOneServer() {
		assertThatThrownBy(() -> bind(Map.of("mailmig.worker.max-connections-per-server", "1")))
			.isInstanceOf(BindException.class)
			.rootCause()
			.hasMessageContaining("max-connections-per-server must be 0 (no cap) or at least 2");
		assertThatThrownBy(() -> bind(Map.of("mailmig.worker.server-connection-limits[a:143]", "1")))
			.rootCause()
			.hasMessageContaining("server-connection-limits[a:143]");
	}

	private static WorkerProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings))
			.bindOrCreate("mailmig.worker", WorkerProperties.class);
	}

}
