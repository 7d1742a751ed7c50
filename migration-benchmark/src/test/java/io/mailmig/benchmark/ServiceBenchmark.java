package io.mailmig.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.mailmig.common.testing.DovecotServer;
import io.mailmig.common.testing.DovecotServer.SpecialUseFolders;
import io.mailmig.common.testing.TestInfrastructure;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's benchmark, on one machine: a deterministic corpus in a private Dovecot (separator
 * {@code .}, French special-use names), migrated through the service as in production — a plan posted
 * to {@code migration-api.jar}, passes through Kafka to {@code migration-worker.jar}, each in its own JVM,
 * PostgreSQL for their state — into an empty private Dovecot ({@code /}, English names); then
 * {@code doveadm backup -R} through imapc on the same data as the yardstick, in {@code -Dbenchmark.rounds}
 * rounds (4 unless set). Prints messages/s, MB/s, the ratio to doveadm (each round's, and their median),
 * the time of a re-run with nothing changed, the worker's peak heap and RSS, and checks the destination
 * is identical to the source. No timed assertion: the figures are for reading.
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
		int rounds = Integer.getInteger("benchmark.rounds", 4);
		if (rounds < 1) {
			throw new IllegalArgumentException("benchmark.rounds must be at least 1");
		}
		Corpus corpus = Corpus.of(profile);
		Report report = new Report();
		EmbeddedKafkaKraftBroker kafka = TestInfrastructure.newKafka();
		TestInfrastructure.postgres();
		// every Dovecot but the source is stopped after its use and deleted only at the end (see warmUp)
		List<DovecotServer> servers = new ArrayList<>();
		List<Round> results = new ArrayList<>();
		try (DovecotServer source = DovecotServer.builder()
			.separator('.')
			.specialUse(SpecialUseFolders.FRENCH)
			.users(corpus.users())
			.build()
			.start()) {
			long loadStart = System.nanoTime();
			long loaded = CorpusLoader.load(corpus, source);
			report.figure("profile %s, %.1f MB (loaded in %.1f s)", corpus,
					loaded / 1e6, ServiceRun.seconds(loadStart));
			report.figure("machine: %s; worker -Xmx%s; round trip added in front of both servers: %d ms; %d round(s)",
					Report.machine(), xmx, rtt, rounds);
			report.detail("service settings: %s", Services.SETTINGS);

			long heap;
			long rss;
			try (Services services = Services.start(kafka, xmx)) {
				for (int i = 1; i <= warmUps; i++) {
					warmUp(services, report, i, i % 2 == 1 ? "warmup" : "warmup-accounts", servers);
				}
				String[] profiles = System.getProperty("benchmark.warmup.profiles", "").split(",");
				for (int i = 0; i < profiles.length; i++) {
					if (!profiles[i].isBlank()) {
						warmUp(services, report, warmUps + i + 1, profiles[i].strip(), servers);
					}
				}
				for (int r = 1; r <= rounds; r++) {
					results.add(round(r, services, corpus, source, rtt, report, servers));
				}
				heap = services.workerJvm.peak();
				rss = services.worker.peakRss();
			}
			report.figure("worker peak heap / RSS: %.0f MB / %.0f MB (-Xmx%s; heap: the most in use before a collection, "
					+ "from its GC log, warm-up included)", heap / 1e6, rss / 1e6, xmx);
			if (rounds > 1) {
				report.figure("service, median of %d rounds: %s", rounds, Report.rate(corpus.messages(), results.get(0).service.bytes(),
						Report.median(results.stream().mapToDouble(r -> r.service.seconds()))));
				report.figure("doveadm, median of %d rounds: %s", rounds, Report.rate(corpus.messages(),
						results.get(0).doveadm.bytes(), Report.median(results.stream().mapToDouble(r -> r.doveadm.seconds()))));
			}
			report.figure("ratio to doveadm: %.2f (%s; service msg/s over doveadm msg/s, both from start to end, "
					+ "in the same round)", Report.median(results.stream().mapToDouble(Round::ratio)), rounds == 1 ? "one round"
							: "median of " + results.stream().map(r -> "%.2f".formatted(r.ratio())).toList());
			report.figure("machine at the end: %s", Report.machine());
			report.printSummary("benchmark " + profile + (rtt > 0 ? ", rtt " + rtt + " ms" : ""));
			for (Round round : results) {
				assertThat(round.service.messages()).as("messages the service copied").isEqualTo(corpus.messages());
				assertThat(round.doveadm.messages()).as("messages doveadm copied").isEqualTo(corpus.messages());
				assertThat(round.differences).as("differences between source and destination").isEmpty();
			}
		}
		finally {
			kafka.destroy();
			servers.forEach(DovecotServer::close);
		}
	}

	/** What one round measured. */
	private record Round(ServiceRun.Result service, DoveadmBackup.Result doveadm, List<String> differences) {

		double ratio() {
			return (this.service.messages() / this.service.seconds())
					/ (this.doveadm.messages() / this.doveadm.seconds());
		}

	}

	/**
	 * One measured round: the corpus migrated through the service into an empty destination server, with
	 * its re-run, and {@code doveadm backup -R} of the same source into another empty server (the api and
	 * the worker idle meanwhile); then the destination checked against the source. The service goes
	 * first in odd rounds, doveadm in even ones, and the machine {@linkplain #settle settles} before each:
	 * on this VM, what ran just before a part changes its cost (see {@link #settle}), and alternating
	 * the order keeps that from always favouring the same side. Each round has servers of its own, so
	 * every round starts from empty mailboxes; the worker's JVM has compiled more of its code at each
	 * round, as a worker that has run for a while has.
	 */
	private static Round round(int number, Services services, Corpus corpus, DovecotServer source, int rtt,
			Report report, List<DovecotServer> servers) throws Exception {
		DovecotServer destination = destination(corpus);
		DovecotServer doveadmTarget = destination(corpus);
		servers.add(destination);
		servers.add(doveadmTarget);
		destination.start();
		doveadmTarget.start();
		try {
			String at = "[round %d] ".formatted(number);
			ServiceRun.Result service = null;
			DoveadmBackup.Result doveadm = null;
			try (Network network = Network.between(source, destination, rtt)) {
				for (boolean serviceTurn : number % 2 == 1 ? new boolean[] { true, false } : new boolean[] { false, true }) {
					settle(services, report);
					if (serviceTurn) {
						service = service(at, services, corpus, source, destination, network, report);
					}
					else {
						doveadm = doveadm(at, corpus, source, doveadmTarget, network, rtt, report);
					}
				}
			}
			Identity.Result identity = Identity.check(corpus, source, destination);
			Round round = new Round(service, doveadm, identity.differences());
			report.figure(at + "ratio to doveadm: %.2f (%s first)", round.ratio(), number % 2 == 1 ? "service" : "doveadm");
			identity.differences().stream().limit(50).forEach(d -> report.detail("DIFFERS: %s", d));
			report.figure(at + "identical: %s (%d of %d mailbox(es) compared, %,d messages: per folder SHA-256 + flags + "
					+ "INTERNALDATE, special-use folders by role; %.1f s)", identity.identical() ? "yes" : "NO",
					identity.mailboxes(), corpus.users(), identity.messages(), identity.seconds());
			return round;
		}
		finally {
			destination.stop();
			doveadmTarget.stop();
		}
	}

	/** The service's timed part of a round: the plan, then its re-run. */
	private static ServiceRun.Result service(String at, Services services, Corpus corpus, DovecotServer source,
			DovecotServer destination, Network network, Report report) throws Exception {
		// for tools/cpu-profile.sh, which looks at what happens from here on
		report.detail("measured run: starting at %d ms", System.currentTimeMillis());
		Jit compiling = Jit.now(services);
		ServiceRun.Result service = new ServiceRun(services, corpus).run(source, network.sourcePort(), destination,
				network.destinationPort());
		Jit jit = Jit.now(services).since(compiling);
		report.figure(at + "service: %s (POST of the plan to every migration COMPLETED)",
				Report.rate(service.messages(), service.bytes(), service.seconds()));
		report.figure(at + "  pre-flight %.1f s, passes %.1f s (at most %d at once), copy step %.1f s = %.0f msg/s, %.1f MB/s",
				service.preflightSeconds(), service.passSeconds(), service.parallelPasses(), service.copySeconds(),
				service.messages() / service.copySeconds(), service.bytes() / 1e6 / service.copySeconds());
		report.figure(at + "  steps (first start to last end over the passes): discovery %.2f s, copy and read-back %.2f s, "
				+ "folder reports %.2f s", service.discoverSeconds(), service.copySeconds(), service.completeSeconds());
		report.figure(at + "re-run unchanged: %.2f s (sync of every migration to COMPLETED again; %d messages copied)",
				service.rerunSeconds(), service.rerunMessages());
		report.figure(at + "worker JIT compilers during the run and its re-run: %s", jit);
		return service;
	}

	/** doveadm's timed part of a round. */
	private static DoveadmBackup.Result doveadm(String at, Corpus corpus, DovecotServer source,
			DovecotServer target, Network network, int rtt, Report report) throws Exception {
		report.detail("doveadm run: starting at %d ms", System.currentTimeMillis());
		DoveadmBackup.Result doveadm;
		try {
			doveadm = DoveadmBackup.run(corpus, source, network.sourcePort(), target);
		}
		catch (Exception ex) {
			report.detail("%n!!!!!!!! doveadm backup FAILED: no ratio to doveadm for this run !!!!!!!!%n%s%n", ex);
			throw ex;
		}
		report.figure(at + "doveadm backup -R imapc: %s (up to %d mailboxes at a time%s)",
				Report.rate(doveadm.messages(), doveadm.bytes(), doveadm.seconds()), DoveadmBackup.PARALLEL,
				rtt > 0 ? ", source through the same delay" : "");
		return doveadm;
	}

	/**
	 * Lets the machine settle before a timed part, the service's or doveadm's, so that neither pays for
	 * what ran just before it. This VM's kernel reports free memory to its host (virtio-balloon free page
	 * reporting), which takes the pages back: a page the guest then writes for the first time costs a
	 * fault on the host, seen inside as a slow copy into the page cache. Which side paid that for its
	 * 944 MB of new mail files depended on what had just been freed: in the order the benchmark used
	 * first (service, api and worker stopped, doveadm), doveadm wrote into the memory the two JVMs had
	 * just given back and spent 0.24 CPU-seconds in {@code copy_folio_from_iter_atomic}, where the
	 * service's destination Dovecot spent 1.57 (and 0.72 more zeroing pages); with the JVMs kept and the
	 * page cache synced before doveadm, it was the other way round (doveadm 1.53, Dovecot 0.08).
	 * So before each part: the dirty pages written out ({@code sync}), as their writeback would compete
	 * with the part's own fsyncs; at least 3 s, longer than the kernel's 2 s delay before it reports pages
	 * freed meanwhile; and the worker's JIT compilers idle, their queue from the part before emptied.
	 */
	private static void settle(Services services, Report report) throws Exception {
		long start = System.nanoTime();
		Process sync = new ProcessBuilder("sync").inheritIO().start();
		if (!sync.waitFor(2, TimeUnit.MINUTES)) {
			sync.destroyForcibly();
			throw new IllegalStateException("sync did not end within 2 minutes");
		}
		// the first look after 3 s, longer than the kernel's delay before it reports freed pages; then until
		// no compilation has ended in the worker between two looks, for 30 s at most: right after the
		// warm-ups its compilers can stay busy longer, and the part is then measured as it is
		long[] compiled = { services.workerJvm.compilationMillis() };
		String jit = "no JIT compilation ended in the worker for 0.5 s";
		try {
			await("the worker's JIT compilers idle").atMost(Duration.ofSeconds(33))
				.pollDelay(Duration.ofSeconds(3))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					long now = services.workerJvm.compilationMillis();
					boolean idle = now == compiled[0];
					compiled[0] = now;
					return idle;
				});
		}
		catch (ConditionTimeoutException ex) {
			jit = "the worker's JIT compilers still busy after 30 s";
		}
		report.detail("settled in %.1f s (sync; 3 s; %s)", ServiceRun.seconds(start), jit);
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
			List<DovecotServer> servers) throws Exception {
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
			Jit compiling = Jit.now(services);
			ServiceRun.Result run = new ServiceRun(services, warmup).run(source, source.port(), destination,
					destination.port());
			report.figure("warm-up %d (%d mailbox(es))%s: %s; worker JIT compilers %s", number, warmup.users(),
					number == 1 ? " (api and worker just started)" : "",
					Report.rate(run.messages(), run.bytes(), run.seconds()), Jit.now(services).since(compiling));
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

	/**
	 * What the worker's JIT compilers have done: the CPU time of their threads, and the wall time of their
	 * compilations ({@code jvm_compilation_time_ms_total}), which also counts their waits for a core.
	 */
	private record Jit(long cpuMillis, long wallMillis) {

		static Jit now(Services services) {
			return new Jit(services.workerJitCpuMillis(), services.workerJvm.compilationMillis());
		}

		Jit since(Jit before) {
			return new Jit(this.cpuMillis - before.cpuMillis, this.wallMillis - before.wallMillis);
		}

		@Override
		public String toString() {
			return "%.1f CPU-s (%.1f s of compilation, wall)".formatted(this.cpuMillis / 1e3, this.wallMillis / 1e3);
		}

	}

}
