package io.mailmig.worker.system;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Worker settings, under {@code mailmig.worker}.
 *
 * @param id this worker's name in leases and events (default: host name and a random suffix)
 * @param maxConcurrentPasses mailboxes this worker copies at the same time
 * @param folderConcurrency folders of one mailbox copied at the same time (each uses one connection
 * per side)
 * @param rangePartitionMessages a folder with at least twice this many messages to copy is split into
 * UID ranges of about this many messages (at most {@code folderConcurrency} of them), copied side by
 * side over their own connections; {@code 0}: never split by count
 * @param rangePartitionBytes the same by size: a folder with at least twice this many bytes to copy is
 * split into ranges of about this size (large attachments then stream over several connections);
 * {@code 0}: never split by size
 * @param chunkMessages at most this many messages per chunk (one transaction, one progress event)
 * @param chunkBytes at most this many bytes per chunk (a single larger message is a chunk of its own)
 * @param spoolInMemory messages up to this size are held in memory between fetch and append; larger
 * ones are spooled to a temporary file
 * @param leaseDuration how long a pass stays owned by a worker that stopped renewing its lease
 * @param pollInterval how often the worker looks for passes to run
 * @param transientAttempts attempts for an IMAP operation that fails transiently (connection lost,
 * timeout) before the pass fails
 * @param transientBackoff the first wait between those attempts (doubled each time)
 * @param passAttempts how many times a pass that failed transiently is started again automatically
 * @param passRetryDelay the wait before a failed pass is started again automatically
 * @param overQuotaLimit consecutive messages refused for quota after which the mailbox fails as over
 * quota instead of skipping more
 * @param connectTimeout IMAP connect timeout
 * @param readTimeout IMAP read timeout
 * @param verify how the destination is checked after a folder is copied: {@code DIGEST} reads every
 * copied message back and compares it with the source (byte for byte, or by SHA-256 when it was spooled
 * to a file); {@code COUNT} compares counts only
 * @param shutdownTimeout how long a stopping worker waits for its passes to reach a chunk boundary
 * @param maxConnectionsPerServer the most IMAP connections all workers sharing the database hold to one
 * server ({@code host:port}) at once, counted over every use (discovery, copy, flag sync, verification);
 * 0 turns the cap off. The default, 20, is what Exchange-class servers accept: Exchange 2010 throttles
 * at 20 connections from one client address ({@code MaxConnectionFromSingleIP}), Exchange 2013 and
 * later at 16 per user ({@code MaxConnectionsPerUser}); workers behind one NAT address count as one
 * client. At least 2 (a partition may need both of its connections on the same server). Every worker
 * must be given the same value (ADR 6)
 * @param serverConnectionLimits limits of particular servers overriding {@code max-connections-per-server},
 * keyed by {@code host:port}: {@code mailmig.worker.server-connection-limits[imap.example.com:993]=8}
 * @param connectionWait how long a pass waits for a connection slot before it fails transiently: it is
 * queued again after {@code pass-retry-delay}, and that run does not count as one of its
 * {@code pass-attempts}
 * @param messagesPerConnection a pass uses one pair of connections (one per side) for every this many
 * messages it has to copy, up to {@code folder-concurrency}: a mailbox of 50 messages is copied folder
 * after folder over the pair that discovered it, rather than logging in four more times for copies that
 * take a round trip or two each; {@code 0}: always {@code folder-concurrency}
 * @param bytesPerConnection the same by size: a few large messages still get several connections
 * @param spoolMemory the memory this worker may use, across all its passes, to hold messages larger than
 * {@code spool-in-memory} between their fetch and their read-back, instead of spooling them to temporary
 * files: a message is held if it is at most a quarter of this and there is room, and spooled otherwise.
 * Unset: an eighth of the heap (64 MB at {@code -Xmx512m}); {@code 0}: every such message goes to a file
 */
@ConfigurationProperties("mailmig.worker")
@Validated
public record WorkerProperties(String id, @DefaultValue("4") int maxConcurrentPasses,
		@DefaultValue("4") int folderConcurrency, @DefaultValue("5000") long rangePartitionMessages,
		@DefaultValue("128MB") DataSize rangePartitionBytes, @DefaultValue("500") int chunkMessages,
		@DefaultValue("32MB") DataSize chunkBytes, @DefaultValue("1MB") DataSize spoolInMemory,
		@DefaultValue("60s") Duration leaseDuration, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("4") int transientAttempts, @DefaultValue("2s") Duration transientBackoff,
		@DefaultValue("3") int passAttempts, @DefaultValue("30s") Duration passRetryDelay,
		@DefaultValue("20") int overQuotaLimit, @DefaultValue("20s") Duration connectTimeout,
		@DefaultValue("120s") Duration readTimeout, @DefaultValue("DIGEST") Verification verify,
		@DefaultValue("30s") Duration shutdownTimeout, @DefaultValue("20") int maxConnectionsPerServer,
		Map<String, Integer> serverConnectionLimits, @DefaultValue("10m") Duration connectionWait,
		@DefaultValue("100") long messagesPerConnection, @DefaultValue("8MB") DataSize bytesPerConnection,
		DataSize spoolMemory) {

	/** How a copied folder is verified. */
	public enum Verification {

		DIGEST, COUNT

	}

	public WorkerProperties {
		if (id == null || id.isBlank()) {
			id = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
		}
		require(maxConcurrentPasses >= 1, "max-concurrent-passes must be at least 1");
		require(folderConcurrency >= 1, "folder-concurrency must be at least 1");
		require(chunkMessages >= 1, "chunk-messages must be at least 1");
		require(rangePartitionMessages >= 0, "range-partition-messages must not be negative");
		require(rangePartitionBytes.toBytes() >= 0, "range-partition-bytes must not be negative");
		require(transientAttempts >= 1, "transient-attempts must be at least 1");
		require(passAttempts >= 1, "pass-attempts must be at least 1");
		require(leaseDuration.compareTo(Duration.ofSeconds(1)) >= 0, "lease-duration must be at least 1s");
		require(maxConnectionsPerServer == 0 || maxConnectionsPerServer >= 2,
				"max-connections-per-server must be 0 (no cap) or at least 2");
		serverConnectionLimits = serverConnectionLimits == null ? Map.of() : Map.copyOf(serverConnectionLimits);
		serverConnectionLimits.forEach((server, limit) -> require(limit != null && (limit == 0 || limit >= 2),
				"server-connection-limits[" + server + "] must be 0 (no cap) or at least 2"));
		require(!connectionWait.isNegative(), "connection-wait must not be negative");
		require(messagesPerConnection >= 0, "messages-per-connection must not be negative");
		require(bytesPerConnection.toBytes() >= 0, "bytes-per-connection must not be negative");
	}

	/**
	 * How many folder partitions of a pass run at once: one pair of connections per
	 * {@code messages-per-connection} messages or {@code bytes-per-connection} bytes to copy, whichever
	 * asks for more, at least one, at most {@code folder-concurrency}.
	 */
	public int partitionConcurrency(long messagesToCopy, long bytesToCopy) {
		if (messagesPerConnection == 0 && bytesPerConnection.toBytes() == 0) {
			return folderConcurrency;
		}
		long byMessages = messagesPerConnection == 0 ? 0 : ceilDiv(messagesToCopy, messagesPerConnection);
		long byBytes = bytesPerConnection.toBytes() == 0 ? 0 : ceilDiv(bytesToCopy, bytesPerConnection.toBytes());
		return (int) Math.max(1, Math.min(folderConcurrency, Math.max(byMessages, byBytes)));
	}

	private static long ceilDiv(long dividend, long divisor) {
		return dividend <= 0 ? 0 : (dividend - 1) / divisor + 1;
	}

	/** How often a running pass renews its lease: a third of its duration. */
	public Duration heartbeat() {
		return leaseDuration.dividedBy(3);
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException("mailmig.worker." + message);
		}
	}

	private static String hostName() {
		try {
			return java.net.InetAddress.getLocalHost().getHostName();
		}
		catch (java.io.IOException ex) {
			return "worker";
		}
	}

	/** {@link #spoolMemory()}, or its default: an eighth of the heap. */
	public long spoolMemoryBytes() {
		return (this.spoolMemory != null) ? this.spoolMemory.toBytes() : Runtime.getRuntime().maxMemory() / 8;
	}

}
