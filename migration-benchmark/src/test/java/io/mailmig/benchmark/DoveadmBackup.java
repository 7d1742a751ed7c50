package io.mailmig.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mailmig.common.testing.DovecotServer;

/**
 * The yardstick: Dovecot's own {@code doveadm backup -R} pulling each source mailbox through imapc into
 * the same mailbox of an empty Dovecot configured like the destination (its {@code mail_fsync} as it is),
 * {@value #PARALLEL} mailboxes at a time like the worker's passes. Any failure fails the benchmark: no
 * ratio is printed without a real doveadm figure.
 */
final class DoveadmBackup {

	/** Mailboxes backed up at once: the worker's default max-concurrent-passes. */
	static final int PARALLEL = 4;

	private static final Pattern STATUS = Pattern.compile("messages=(\\d+)\\s+vsize=(\\d+)");

	private DoveadmBackup() {
	}

	/**
	 * @param seconds from the first doveadm started to the last one ended
	 * @param messages messages in the target afterwards
	 * @param bytes their size
	 */
	record Result(double seconds, long messages, long bytes) {
	}

	/** Backs every mailbox of the corpus up from the source (at {@code sourcePort}) into {@code target}. */
	static Result run(Corpus corpus, DovecotServer source, int sourcePort, DovecotServer target) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
		try {
			long start = System.nanoTime();
			List<Future<String>> runs = new ArrayList<>();
			for (int user = 1; user <= corpus.users(); user++) {
				String name = Corpus.user(user);
				runs.add(pool.submit(() -> doveadm(target, "backup", List.of("-o", "imapc_host=127.0.0.1", "-o",
						"imapc_port=" + sourcePort, "-o", "imapc_user=" + name, "-o",
						"imapc_password=" + source.credentials(name).password(), "-o",
						"imapc_features=rfc822.size fetch-headers", "-o", "mail_prefetch_count=20"),
						List.of("-R", "-u", name, "imapc:"))));
			}
			for (Future<String> run : runs) {
				run.get();
			}
			double seconds = ServiceRun.seconds(start);
			long messages = 0;
			long bytes = 0;
			for (int user = 1; user <= corpus.users(); user++) {
				String status = doveadm(target, "mailbox",
						List.of(), List.of("status", "-u", Corpus.user(user), "-t", "messages vsize", "*"));
				Matcher m = STATUS.matcher(status);
				if (!m.find()) {
					throw new IllegalStateException("doveadm mailbox status said: " + status);
				}
				messages += Long.parseLong(m.group(1));
				bytes += Long.parseLong(m.group(2));
			}
			return new Result(seconds, messages, bytes);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** Runs {@code doveadm -c <target's config> <options> <command> <arguments>}; its output, or a loud failure. */
	private static String doveadm(DovecotServer target, String command, List<String> options, List<String> arguments)
			throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(List.of("doveadm", "-c", target.configFile().toString()));
		line.addAll(options);
		line.add(command);
		line.addAll(arguments);
		Path output = Files.createTempFile("doveadm-", ".log");
		try {
			Process process;
			try {
				process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("doveadm cannot run (is Dovecot's doveadm on the PATH?): " + line, ex);
			}
			if (!process.waitFor(2, TimeUnit.HOURS)) {
				process.destroyForcibly();
				throw new IllegalStateException("doveadm did not end within 2 hours: " + line);
			}
			String said = Files.readString(output, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException("doveadm FAILED (exit " + process.exitValue() + "): " + line + "\n" + said);
			}
			return said;
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

}
