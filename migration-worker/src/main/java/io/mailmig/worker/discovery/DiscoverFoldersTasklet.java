package io.mailmig.worker.discovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.mailmig.common.event.FoldersDiscovered;
import io.mailmig.common.event.FoldersDiscovered.DiscoveredFolder;
import io.mailmig.common.event.FoldersDiscovered.RejectedFolder;
import io.mailmig.common.folder.FolderFilter;
import io.mailmig.common.folder.FolderMapper;
import io.mailmig.common.folder.FolderMapping;
import io.mailmig.common.folder.FolderPlan;
import io.mailmig.common.imap.BothSides;
import io.mailmig.common.imap.FolderImapException;
import io.mailmig.common.imap.FolderStatus;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MailFolder;
import io.mailmig.common.imap.MessageSummary;
import io.mailmig.common.model.MigrationOptions;
import io.mailmig.worker.job.IdleConnections;
import io.mailmig.worker.job.MailboxConnections;
import io.mailmig.worker.job.PassContext;
import io.mailmig.worker.job.PassContexts;
import io.mailmig.worker.ledger.Ledger;
import io.mailmig.worker.ledger.LedgerFolder;
import io.mailmig.worker.progress.EventOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/**
 * First step of a pass: logs in to both sides, lists the source folders, maps their names, creates and
 * subscribes the destination folders, and records the plan: per folder, what the source holds and
 * what the ledger does not have yet. A folder whose UIDVALIDITY changed since it was copied is not
 * copied again blindly (that would duplicate it): it is reported.
 */
@Component
class DiscoverFoldersTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(DiscoverFoldersTasklet.class);

	/** A source level holding the destination's separator keeps this character in its place. */
	private static final char SEPARATOR_SUBSTITUTE = '_';

	private final PassContexts passes;

	private final MailboxConnections connections;

	private final Ledger ledger;

	private final PassFolders passFolders;

	private final EventOutbox outbox;

	DiscoverFoldersTasklet(PassContexts passes, MailboxConnections connections, Ledger ledger,
			PassFolders passFolders, EventOutbox outbox) {
		this.passes = passes;
		this.connections = connections;
		this.ledger = ledger;
		this.passFolders = passFolders;
		this.outbox = outbox;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		String passKey = (String) chunkContext.getStepContext().getJobParameters().get("pass");
		PassContext pass = this.passes.load(passKey);
		MigrationOptions options = pass.request().options();
		long jobExecutionId = contribution.getStepExecution().getJobExecutionId();
		IdleConnections.Pair sessions = this.connections.borrow(pass, jobExecutionId);
		try {
			ImapSession source = sessions.source();
			ImapSession destination = sessions.destination();
			// each side lists its folders (and tells its separator) at the same time
			BothSides.Results<List<MailFolder>, List<MailFolder>> listed = BothSides.run(source::listFolders,
					destination::listFolders);
			FolderPlan plan = new FolderMapper(FolderFilter.of(options), SEPARATOR_SUBSTITUTE)
				.map(listed.source(), source.separator(), listed.destination(), destination.separator());
			List<DiscoveredFolder> discovered = new ArrayList<>();
			List<RejectedFolder> rejected = new ArrayList<>();
			plan.rejected().forEach(r -> rejected.add(new RejectedFolder(r.displayName(), r.reason())));
			this.passFolders.deletePlan(passKey);
			Statuses statuses = statuses(plan.mappings(), source, destination);
			int ordinal = 0;
			for (FolderMapping mapping : plan.mappings()) {
				try {
					Optional<PassFolder> folder = prepare(pass, mapping, ordinal, source, destination, statuses);
					if (folder.isPresent()) {
						PassFolder f = folder.get();
						this.passFolders.insert(f);
						discovered.add(new DiscoveredFolder(f.sourceDisplay(), f.destinationDisplay(), f.messages(),
								f.bytes(), f.toCopy(), f.bytesToCopy()));
						ordinal++;
					}
				}
				catch (FolderImapException ex) {
					log.error("Pass {}: folder {} not copied: {}", passKey, mapping.displayName(), ex.getMessage());
					rejected.add(new RejectedFolder(mapping.displayName(), ex.getMessage()));
				}
			}
			plan.notes().forEach(note -> log.info("Pass {}: {}", passKey, note));
			plan.excluded().forEach(name -> log.info("Pass {}: folder {} excluded by the plan's filter", passKey, name));
			this.outbox.append(new FoldersDiscovered(UUID.randomUUID(), pass.request().migrationId(),
					pass.request().pass(), Instant.now(), discovered, rejected));
			contribution.getStepExecution().getExecutionContext().putInt("discoverFolders.folders", ordinal);
			// which execution made the plan: a restart keeps it, and must look for orphans again
			contribution.getStepExecution().getJobExecution().getExecutionContext().putLong(PassFolders.DISCOVERED_IN,
					jobExecutionId);
			// on the job's context: a restart does not run this step again but keeps the job context
			contribution.getStepExecution().getJobExecution().getExecutionContext().putInt("discoverFolders.rejected",
					rejected.size());
		}
		finally {
			// logged in already: the first copy partition goes on with them
			this.connections.release(jobExecutionId, sessions);
		}
		return RepeatStatus.FINISHED;
	}

	/**
	 * Creates and subscribes the destination folders, then asks the STATUS of every folder on each side
	 * in one round trip. A folder that fails here is asked again alone in {@link #prepare}, which says why.
	 */
	private Statuses statuses(List<FolderMapping> mappings, ImapSession source, ImapSession destination) {
		List<FolderMapping> selectable = mappings.stream().filter(FolderMapping::selectable).toList();
		// the source's STATUS while the destination creates its folders, then says theirs
		BothSides.Results<Map<String, FolderStatus>, Prepared> both = BothSides.run(
				() -> source.statusAll(selectable.stream().map(m -> m.source().name()).toList()), () -> {
					// prepare() tries a refused folder again alone, and reports the refusal
					Set<String> refused = destination.createAndSubscribe(
							mappings.stream().filter(FolderMapping::needsCreation).map(FolderMapping::destinationName)
								.toList(),
							mappings.stream().filter(FolderMapping::subscribe).map(FolderMapping::destinationName).toList());
					return new Prepared(refused,
							destination.statusAll(selectable.stream().map(FolderMapping::destinationName).toList()));
				});
		return new Statuses(both.source(), both.destination().statuses(), both.destination().refused());
	}

	/** Creates the destination folder as needed and measures what is to copy; empty for non-selectable. */
	private Optional<PassFolder> prepare(PassContext pass, FolderMapping mapping, int ordinal, ImapSession source,
			ImapSession destination, Statuses statuses) {
		if (statuses.refused().contains(mapping.destinationName())) {
			if (mapping.needsCreation()) {
				destination.createFolder(mapping.destinationName());
			}
			if (mapping.subscribe()) {
				destination.subscribe(mapping.destinationName());
			}
		}
		if (!mapping.selectable()) {
			// hierarchy-only (\Noselect): its children carry the structure; it holds no message
			return Optional.empty();
		}
		String sourceName = mapping.source().name();
		FolderStatus sourceStatus = statuses.source().containsKey(sourceName) ? statuses.source().get(sourceName)
				: source.status(sourceName);
		FolderStatus destinationStatus = statuses.destination().containsKey(mapping.destinationName())
				? statuses.destination().get(mapping.destinationName()) : destination.status(mapping.destinationName());
		LedgerFolder known = this.ledger.folder(pass.pairId(), sourceName).orElse(null);
		String destinationName = mapping.destinationName();
		if (known == null) {
			this.ledger.registerFolder(pass.pairId(), sourceName, sourceStatus.uidValidity(), destinationName,
					destinationStatus.uidValidity(), destinationStatus.uidNext());
		}
		else {
			if (known.sourceUidValidity() != sourceStatus.uidValidity()) {
				// RFC 3501 §2.3.1.1: a new UIDVALIDITY means the old UIDs name nothing; copying again would duplicate
				throw new FolderImapException(FolderImapException.Reason.UIDVALIDITY_CHANGED, sourceName,
						"source UIDVALIDITY changed since it was copied (" + known.sourceUidValidity() + " -> "
								+ sourceStatus.uidValidity() + "): not copied again, to avoid duplicates",
						null);
			}
			if (!known.destinationFolder().equals(destinationName)) {
				destinationName = known.destinationFolder();
				destinationStatus = destination.status(destinationName);
			}
			if (known.destinationUidValidity() != destinationStatus.uidValidity()) {
				throw new FolderImapException(FolderImapException.Reason.UIDVALIDITY_CHANGED, destinationName,
						"destination folder was re-created since it was copied (UIDVALIDITY "
								+ known.destinationUidValidity() + " -> " + destinationStatus.uidValidity() + ")",
						null);
			}
		}
		// without CONDSTORE (HIGHESTMODSEQ 0) STATUS cannot show flag changes: such folders are always listed
		boolean unchanged = known != null && known.copiedUidNext() != null && sourceStatus.highestModSeq() > 0
				&& known.copiedUidNext() == sourceStatus.uidNext() && known.copiedMessages() == sourceStatus.messages()
				&& known.copiedHighestModSeq() == sourceStatus.highestModSeq();
		long bytes = 0;
		long toCopy = 0;
		long bytesToCopy = 0;
		if (known == null && sourceStatus.size() >= 0 && pass.request().options().since() == null) {
			// first sight of the folder and STATUS=SIZE (RFC 8438): everything is to copy, no listing needed
			bytes = sourceStatus.size();
			toCopy = sourceStatus.messages();
			bytesToCopy = sourceStatus.size();
		}
		else if (!unchanged && sourceStatus.messages() > 0) {
			Set<Long> copied = this.ledger.copiedUids(pass.pairId(), sourceName, sourceStatus.uidValidity());
			Set<Long> wanted = sinceFilter(pass, source, sourceName);
			for (MessageSummary m : source.listMessages(sourceName, 1, Long.MAX_VALUE)) {
				bytes += m.size();
				if (!copied.contains(m.uid()) && (wanted == null || wanted.contains(m.uid()))) {
					toCopy++;
					bytesToCopy += m.size();
				}
			}
		}
		// nothing at or above the watermark: no APPEND of an earlier run left an orphan there
		boolean destinationClean = known == null || known.destinationWatermark() == destinationStatus.uidNext();
		return Optional.of(new PassFolder(pass.passKey(), ordinal, sourceName, mapping.displayName(),
				destinationName, mapping.destinationDisplayName(), sourceStatus.uidValidity(), sourceStatus.uidNext(),
				sourceStatus.highestModSeq(), sourceStatus.messages(), bytes, toCopy, bytesToCopy, unchanged,
				destinationClean));
	}

	/** UIDs on or after the plan's {@code since} date, or null when every message is wanted. */
	static Set<Long> sinceFilter(PassContext pass, ImapSession source, String folder) {
		if (pass.request().options().since() == null) {
			return null;
		}
		return new HashSet<>(source.searchSince(folder, pass.request().options().since()));
	}

	/** The destination's side of {@link #statuses}: folders it refused to create or subscribe, and STATUS. */
	private record Prepared(Set<String> refused, Map<String, FolderStatus> statuses) {
	}

	/** STATUS of the plan's folders on each side, by wire name. */
	private record Statuses(Map<String, FolderStatus> source, Map<String, FolderStatus> destination,
			Set<String> refused) {
	}

}
