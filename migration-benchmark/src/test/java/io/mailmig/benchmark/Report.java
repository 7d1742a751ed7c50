package io.mailmig.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Prints the figures as they come, and keeps the main ones for the summary block at the end. */
final class Report {

	private final List<String> summary = new ArrayList<>();

	/** Prints a line. */
	void detail(String format, Object... args) {
		System.out.printf(format + "%n", args);
	}

	/** Prints a line and keeps it for the summary. */
	void figure(String format, Object... args) {
		String line = format.formatted(args);
		System.out.println(line);
		this.summary.add(line);
	}

	void printSummary(String title) {
		System.out.printf("%n==================== %s ====================%n", title);
		this.summary.forEach(System.out::println);
		System.out.println("=".repeat(42 + title.length()));
	}

	/** {@code 10000 msgs, 944.1 MB in 14.0 s = 715 msg/s, 67.5 MB/s} */
	static String rate(long messages, long bytes, double seconds) {
		return "%d msgs, %.1f MB in %.1f s = %.0f msg/s, %.1f MB/s".formatted(messages, bytes / 1e6, seconds,
				messages / seconds, bytes / 1e6 / seconds);
	}

	/** The middle value; the mean of the two middle ones for an even count. */
	static double median(java.util.stream.DoubleStream values) {
		double[] sorted = values.sorted().toArray();
		if (sorted.length == 0) {
			throw new IllegalArgumentException("no value to take the median of");
		}
		int middle = sorted.length / 2;
		return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	static String machine() {
		String load;
		try {
			load = Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			load = "unknown";
		}
		return "%d cores, load average %s".formatted(Runtime.getRuntime().availableProcessors(), load);
	}

}
