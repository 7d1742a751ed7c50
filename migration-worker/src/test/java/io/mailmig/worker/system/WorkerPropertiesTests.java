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
	void spoolMemoryShouldDefaultToAnEighthOfTheHeapAndBindWhenSet() {
		assertThat(bind(Map.of()).spoolMemoryBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 8);
		assertThat(bind(Map.of("mailmig.worker.spool-memory", "96MB")).spoolMemoryBytes())
			.isEqualTo(96L * 1024 * 1024);
		assertThat(bind(Map.of("mailmig.worker.spool-memory", "0")).spoolMemoryBytes()).as("always a file").isZero();
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

	@Test
	void partitionConcurrencyShouldGrowWithTheWorkUpToFolderConcurrency() {
		// given the defaults: a pair of connections per 100 messages or 8 MB, at most 4
		WorkerProperties properties = bind(Map.of());

		// then
		assertThat(properties.partitionConcurrency(0, 0)).as("nothing to copy").isEqualTo(1);
		assertThat(properties.partitionConcurrency(50, 600_000)).as("a small mailbox").isEqualTo(1);
		assertThat(properties.partitionConcurrency(101, 1_000_000)).isEqualTo(2);
		assertThat(properties.partitionConcurrency(500, 5_000_000)).as("capped").isEqualTo(4);
		assertThat(properties.partitionConcurrency(3, 3 * 20_000_000L)).as("a few large messages").isEqualTo(4);
	}

	@Test
	void partitionConcurrencyShouldBeFolderConcurrencyWhenBothThresholdsAreOff() {
		// given
		WorkerProperties properties = bind(Map.of("mailmig.worker.messages-per-connection", "0",
				"mailmig.worker.bytes-per-connection", "0", "mailmig.worker.folder-concurrency", "6"));

		// then
		assertThat(properties.partitionConcurrency(1, 10)).isEqualTo(6);
	}

	private static WorkerProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings))
			.bindOrCreate("mailmig.worker", WorkerProperties.class);
	}

}
