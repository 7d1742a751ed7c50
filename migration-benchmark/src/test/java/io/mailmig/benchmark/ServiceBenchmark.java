package io.mailmig.benchmark;

import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.DovecotServer.SpecialUseFolders;
import io.mailmig.common.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's benchmark, on one machine: a deterministic corpus in a private Dovecot (separator
 * {@code .}, French special-use names), migrated through the service as in production — a plan posted
 * to {@code migration-api.jar}, passes through Kafka to {@code migration-worker.jar}, each in its own JVM,
 * PostgreSQL for their state — into an empty private Dovecot ({@code /}, English names); then
 * {@code doveadm backup -R} through imapc on the same data as the yardstick. Prints messages/s, MB/s, the
 * ratio to doveadm, the time of a re-run with nothing changed, the worker's peak heap and RSS, and
 * checks the destination is identical to the source. No timed assertion: the figures are for reading.
 * <p>
 * {@code ./mvnw -B -Pbenchmark -pl migration-benchmark -am verify -Dbenchmark.profile=<profile>
 * [-Dbenchmark.rtt=20] [-Dbenchmark.xmx=256m]}, profiles in {@link Corpus#PROFILES}.
 */
class ServiceBenchmark {

	@Test
	void benchmark() throws Exception {
		String profile = System.getProperty("benchmark.profile", "mailbox");
		String xmx = System.getProperty("benchmark.xmx", "512m");
		int rtt = Integer.getInteger("benchmark.rtt", 0);
		int warmUps = Integer.getInteger("benchmark.warmup", 2);
		Corpus corpus = Corpus.of(profile);
		Report report = new Report();
		EmbeddedKafkaKraftBroker kafka = TestInfrastructure.newKafka();
		TestInfrastructure.postgres();
		// the warm-ups' servers, stopped after their plan but deleted only at the end (see warmUp)
		java.util.List<DovecotServer> warmUpServers = new java.util.ArrayList<>();
		try (DovecotServer source = DovecotServer.builder()
			.separator('.')
			.specialUse(SpecialUseFolders.FRENCH)
			.users(corpus.users())
			.build()
			.start(); DovecotServer destination = destination(corpus).start();
				DovecotServer doveadmTarget = destination(corpus).start()) {
			long loadStart = System.nanoTime();
			long loaded = CorpusLoader.load(corpus, source);
			report.figure("profile %s, %.1f MB (loaded in %.1f s)", corpus,
					loaded / 1e6, ServiceRun.seconds(loadStart));
			report.figure("machine: %s; worker -Xmx%s; round trip added in front of both servers: %d ms", Report.machine(),
					xmx, rtt);
			report.detail("service settings: %s", Services.SETTINGS);

			ServiceRun.Result service;
			long heap;
			long rss;
			long jit;
			try (Network network = Network.between(source, destination, rtt)) {
				try (Services services = Services.start(kafka, xmx)) {
					for (int i = 1; i <= warmUps; i++) {
						warmUp(services, report, i, i % 2 == 1 ? "warmup" : "warmup-accounts", warmUpServers);
					}
					String[] profiles = System.getProperty("benchmark.warmup.profiles", "").split(",");
					for (int i = 0; i < profiles.length; i++) {
						if (!profiles[i].isBlank()) {
							warmUp(services, report, warmUps + i + 1, profiles[i].strip(), warmUpServers);
						}
					}
					// for tools/cpu-profile.sh, which looks at what happens from here on
					report.detail("measured run: starting at %d ms", System.currentTimeMillis());
					long compiling = services.workerJvm.compilationMillis();
					service = new ServiceRun(services, corpus).run(source, network.sourcePort(), destination,
							network.destinationPort());
					jit = services.workerJvm.compilationMillis() - compiling;
					heap = services.workerJvm.peak();
					rss = services.worker.peakRss();
				}
				report.figure("service: %s (POST of the plan to every migration COMPLETED)",
						Report.rate(service.messages(), service.bytes(), service.seconds()));
				report.figure("  pre-flight %.1f s, passes %.1f s (at most %d at once), copy step %.1f s = %.0f msg/s, %.1f MB/s",
						service.preflightSeconds(), service.passSeconds(), service.parallelPasses(), service.copySeconds(),
						service.messages() / service.copySeconds(), service.bytes() / 1e6 / service.copySeconds());
				report.figure("  steps (first start to last end over the passes): discovery %.2f s, copy and read-back %.2f s, "
						+ "folder reports %.2f s", service.discoverSeconds(), service.copySeconds(), service.completeSeconds());
				report.figure("re-run unchanged: %.2f s (sync of every migration to COMPLETED again; %d messages copied)",
						service.rerunSeconds(), service.rerunMessages());
				report.figure("worker JIT compilers during the run and its re-run: %.1f s", jit / 1e3);
				report.figure("worker peak heap / RSS: %.0f MB / %.0f MB (-Xmx%s; heap: the most in use before a collection, "
						+ "from its GC log, warm-up included)", heap / 1e6,
						rss / 1e6, xmx);

				DoveadmBackup.Result doveadm;
				try {
					doveadm = DoveadmBackup.run(corpus, source, network.sourcePort(), doveadmTarget);
				}
				catch (Exception ex) {
					report.detail("%n!!!!!!!! doveadm backup FAILED: no ratio to doveadm for this run !!!!!!!!%n%s%n", ex);
					throw ex;
				}
				report.figure("doveadm backup -R imapc: %s (up to %d mailboxes at a time%s)",
						Report.rate(doveadm.messages(), doveadm.bytes(), doveadm.seconds()), DoveadmBackup.PARALLEL,
						rtt > 0 ? ", source through the same delay" : "");
				assertThat(doveadm.messages()).as("messages doveadm copied").isEqualTo(corpus.messages());
				report.figure("ratio to doveadm: %.2f (service msg/s over doveadm msg/s, both from start to end)",
						(service.messages() / service.seconds()) / (doveadm.messages() / doveadm.seconds()));
			}

			Identity.Result identity = Identity.check(corpus, source, destination);
			identity.differences().stream().limit(50).forEach(d -> report.detail("DIFFERS: %s", d));
			report.figure("identical: %s (%d of %d mailbox(es) compared, %,d messages: per folder SHA-256 + flags + "
					+ "INTERNALDATE, special-use folders by role; %.1f s)", identity.identical() ? "yes" : "NO",
					identity.mailboxes(), corpus.users(), identity.messages(), identity.seconds());
			report.figure("machine at the end: %s", Report.machine());
			report.printSummary("benchmark " + profile + (rtt > 0 ? ", rtt " + rtt + " ms" : ""));
			assertThat(service.messages()).as("messages the service copied").isEqualTo(corpus.messages());
			assertThat(identity.differences()).as("differences between source and destination").isEmpty();
		}
		finally {
			kafka.destroy();
			warmUpServers.forEach(DovecotServer::close);
		}
	}

	/**
	 * A worker runs for days: the first mailboxes after its start are copied by a JVM that is still
	 * compiling its code (on this 2-core machine the JIT compilers took about a third of both cores during
	 * a cold run of the mailbox profile). So {@code -Dbenchmark.warmup=N} plans of 4,000 messages (2 unless
	 * set; 0 measures cold JVMs) go through the same api and worker first, each between two Dovecots of its
	 * own, and the measured run comes after them: one mailbox of 10 folders, then 40 mailboxes of 100
	 * messages (a plan of many small mailboxes takes other paths: the C2 compilers still took a fifth of the
	 * machine during the accounts profile after two single-mailbox warm-ups), and so on in turn. Then
	 * {@code -Dbenchmark.warmup.profiles=p1,p2…} adds plans of those profiles' corpora (e.g. the measured
	 * profile's own), to see what is left of the compilers' share when the worker has done the same work
	 * before.
	 * <p>
	 * The warm-ups' servers are stopped after their plan, but their files are deleted only when the
	 * benchmark ends: on a filesystem without a journal (this machine's ext4), the kernel skips the
	 * inodes deleted in the last minute or so whenever it creates a file, checking each one, and the
	 * 16,000 files of two warm-ups deleted just before the measured run made every file created in the
	 * next minute cost more — to both the service's run and doveadm's, by amounts that changed from run to
	 * run. Kept until the end, the service's destination Dovecot used 5.7 CPU-seconds for the mailbox
	 * profile instead of 6.3–6.7, and doveadm 3.7 instead of 4.0–4.6.
	 */
	private static void warmUp(Services services, Report report, int number, String profile,
			java.util.List<DovecotServer> servers) throws Exception {
		Corpus warmup = Corpus.of(profile);
		DovecotServer source = DovecotServer.builder()
			.separator('.')
			.specialUse(SpecialUseFolders.FRENCH)
			.users(warmup.users())
			.build();
		DovecotServer destination = destination(warmup);
		servers.add(source);
		servers.add(destination);
		source.start();
		destination.start();
		try {
			long bytes = CorpusLoader.load(warmup, source);
			long compiling = services.workerJvm.compilationMillis();
			ServiceRun.Result run = new ServiceRun(services, warmup).run(source, source.port(), destination,
					destination.port());
			long jit = services.workerJvm.compilationMillis() - compiling;
			report.figure("warm-up %d (%d mailbox(es))%s: %s; worker JIT compilers %.1f s", number, warmup.users(),
					number == 1 ? " (api and worker just started)" : "",
					Report.rate(run.messages(), run.bytes(), run.seconds()), jit / 1e3);
			if (run.messages() != warmup.messages() || bytes <= 0) {
				throw new AssertionError("the warm-up copied " + run.messages() + " of " + warmup.messages());
			}
		}
		finally {
			source.stop();
			destination.stop();
		}
	}

	private static DovecotServer destination(Corpus corpus) {
		return DovecotServer.builder()
			.separator('/')
			.specialUse(SpecialUseFolders.ENGLISH)
			.users(corpus.users())
			.build();
	}

}
