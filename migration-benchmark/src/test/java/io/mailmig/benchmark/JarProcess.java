package io.mailmig.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service as users run it: {@code java -jar migration-*.jar --name=value…} in its own JVM, its output
 * in a log file. The jars are the executable ones their modules built earlier in the reactor.
 */
final class JarProcess implements AutoCloseable {

	/** {@code getconf CLK_TCK}: the unit of the times in {@code /proc/…/stat}; 100 on Linux as built. */
	private static final long CLOCK_TICKS = clockTicks();

	private final String name;

	private final Process process;

	private final Path log;

	private JarProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/** Starts {@code ../<module>/target/<module>.jar}. */
	static JarProcess start(String module, Map<String, String> properties, String... jvmOptions) {
		Path jar = Path.of("..", module, "target", module + ".jar").toAbsolutePath().normalize();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: run the benchmark through Maven with -am "
					+ "(./mvnw -B -Pbenchmark -pl migration-benchmark -am verify), which packages it first");
		}
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(List.of(jvmOptions));
		command.add("-jar");
		command.add(jar.toString());
		properties.forEach((k, v) -> command.add("--" + k + "=" + v));
		try {
			Path log = Files.createTempFile(module + "-", ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			return new JarProcess(module, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + jar, ex);
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Peak resident set size so far (VmHWM of /proc/pid/status), in bytes; -1 when unknown. */
	long peakRss() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + this.process.pid() + "/status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException ex) {
			// not Linux, or gone
		}
		return -1;
	}

	/**
	 * CPU time (user and system) its live threads whose name starts with one of {@code prefixes} have
	 * used so far, in milliseconds, from {@code /proc/<pid>/task/<tid>/stat} (names cut to 15 characters
	 * there). A thread that has ended takes its time with it.
	 */
	long threadCpuMillis(String... prefixes) {
		long ticks = 0;
		Path tasks = Path.of("/proc/" + this.process.pid() + "/task");
		try (var threads = Files.list(tasks)) {
			for (Path thread : (Iterable<Path>) threads::iterator) {
				String stat;
				try {
					stat = Files.readString(thread.resolve("stat"));
				}
				catch (IOException ex) {
					continue; // ended since the listing
				}
				// tid (comm) state ppid …: comm may hold spaces and parentheses, so cut at the last ')'
				String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
				if (Arrays.stream(prefixes).noneMatch(comm::startsWith)) {
					continue;
				}
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read the threads of " + this.name + " in " + tasks, ex);
		}
		return ticks * 1000 / CLOCK_TICKS;
	}

	private static long clockTicks() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String out = new String(getconf.getInputStream().readAllBytes()).strip();
			return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
		}
		catch (IOException | NumberFormatException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

	Path log() {
		return this.log;
	}

	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return this.name + " log " + this.log + ":\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}
		catch (IOException ex) {
			return "(no log of " + this.name + ": " + ex.getMessage() + ")";
		}
	}

	/** SIGTERM, then SIGKILL after 20 s. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
