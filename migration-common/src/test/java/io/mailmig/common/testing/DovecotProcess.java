package io.mailmig.common.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * One running Dovecot master ({@code dovecot -F}: in the foreground, so this JVM owns the master
 * process itself) and how to stop it for sure, its children included. Masters still running when the
 * JVM exits are stopped by a shutdown hook.
 */
final class DovecotProcess {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

	private static final Set<DovecotProcess> RUNNING = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(DovecotProcess::stop), "dovecot-stop"));
	}

	private final Process master;

	private DovecotProcess(Process master) {
		this.master = master;
	}

	/**
	 * Starts Dovecot and waits until every port accepts connections.
	 * @param logTail what to show when Dovecot dies at start
	 */
	static DovecotProcess start(Path config, Path consoleLog, List<Integer> ports, Supplier<String> logTail)
			throws IOException {
		Process master = new ProcessBuilder(binary().toString(), "-F", "-c", config.toString())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()))
			.start();
		DovecotProcess process = new DovecotProcess(master);
		RUNNING.add(process);
		await("Dovecot listening on 127.0.0.1:" + ports).atMost(START_TIMEOUT)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				if (!master.isAlive()) {
					RUNNING.remove(process);
					throw new IllegalStateException(
							"Dovecot exited with status " + master.exitValue() + " at start:\n" + logTail.get());
				}
				return ports.stream().allMatch(DovecotProcess::accepts);
			});
		return process;
	}

	/** The installed binary, or the failure that tells how to install it. */
	static Path binary() {
		List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/sbin/dovecot")));
		for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (!entry.isBlank()) {
				candidates.add(Path.of(entry, "dovecot"));
			}
		}
		return candidates.stream()
			.filter(Files::isExecutable)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"Dovecot is not installed (no dovecot binary in /usr/sbin or on the PATH): "
							+ "install it with `apt-get install -y dovecot-imapd`"));
	}

	boolean isAlive() {
		return this.master.isAlive();
	}

	/** Stops the master and all its children, and waits until they are gone. */
	void stop() {
		// SIGTERM to every process at once: imap processes say BYE to their clients and exit, where
		// they would linger ~10 s after their master otherwise
		List<ProcessHandle> children = this.master.descendants().toList();
		this.master.destroy();
		children.forEach(ProcessHandle::destroy);
		try {
			if (!this.master.waitFor(10, TimeUnit.SECONDS)) {
				this.master.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
			for (ProcessHandle child : children) {
				try {
					child.onExit().get(2, TimeUnit.SECONDS);
				}
				catch (TimeoutException ex) {
					child.destroyForcibly();
					child.onExit().get(5, TimeUnit.SECONDS);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Dovecot processes still alive after SIGKILL: " + children, ex);
		}
		finally {
			RUNNING.remove(this);
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
