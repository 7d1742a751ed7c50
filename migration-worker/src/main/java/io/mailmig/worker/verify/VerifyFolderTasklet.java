package io.mailmig.worker.verify;

import java.time.Instant;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;

import io.mailmig.common.event.FolderCompleted;
import io.mailmig.common.imap.ImapSession;
import io.mailmig.common.imap.MessageImapException;
import io.mailmig.worker.copy.FetchWindows;
import io.mailmig.worker.copy.FolderPartitioner;
import io.mailmig.worker.discovery.PassFolder;
import io.mailmig.worker.discovery.PassFolders;
import io.mailmig.worker.job.IdleConnections;
import io.mailmig.worker.job.MailboxConnections;
import io.mailmig.worker.job.PassContext;
import io.mailmig.worker.job.PassContexts;
import io.mailmig.worker.job.Retries;
import io.mailmig.worker.ledger.Ledger;
import io.mailmig.worker.ledger.LedgerEntry;
import io.mailmig.worker.progress.EventOutbox;
import io.mailmig.worker.system.WorkerProperties;
import io.mailmig.worker.system.WorkerProperties.Verification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks a copied folder against the destination: every message this pass copied is read back and its
 * SHA-256 compared with the ledger's ({@code DIGEST}), and counts are reported. A folder that verified
 * clean with nothing skipped is remembered as copied under its source STATUS, so the next pass can tell
 * it is unchanged without listing it.
 */
@Component
class VerifyFolderTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(VerifyFolderTasklet.class);

	private final PassContexts passes;

	private final PassFolders passFolders;

	private final Ledger ledger;

	private final MailboxConnections connections;

	private final Retries retries;

	private final EventOutbox outbox;

	private final JdbcTemplate jdbc;

	private final WorkerProperties properties;

	VerifyFolderTasklet(PassContexts passes, PassFolders passFolders, Ledger ledger, MailboxConnections connections,
			Retries retries, EventOutbox outbox, JdbcTemplate jdbc, WorkerProperties properties) {
		this.passes = passes;
		this.passFolders = passFolders;
		this.ledger = ledger;
		this.connections = connections;
		this.retries = retries;
		this.outbox = outbox;
		this.jdbc = jdbc;
		this.properties = properties;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		String passKey = (String) chunkContext.getStepContext().getJobParameters().get("pass");
		String sourceFolder = contribution.getStepExecution().getExecutionContext().getString(FolderPartitioner.SOURCE_FOLDER);
		PassContext pass = this.passes.load(passKey);
		PassFolder folder = this.passFolders.folder(passKey, sourceFolder);
		List<LedgerEntry> copied = this.ledger.copiedInPass(pass.pairId(), sourceFolder, passKey);
		String destinationFolder = this.ledger.folder(pass.pairId(), sourceFolder).orElseThrow().destinationFolder();
		long verified = 0;
		long mismatched = 0;
		if (this.properties.verify() == Verification.DIGEST && !copied.isEmpty()) {
			long jobExecutionId = contribution.getStepExecution().getJobExecutionId();
			IdleConnections.Pair pair = this.connections.borrow(pass, jobExecutionId);
			ImapSession[] destination = { pair.destination() };
			try {
				for (List<LedgerEntry> window : FetchWindows.of(
						copied.stream().filter(e -> e.destinationUid() != null).toList(), LedgerEntry::size,
						this.properties.spoolInMemory().toBytes())) {
					Map<Long, byte[]> digests = this.retries.retrying(() -> {
						if (destination[0] == null || !destination[0].isConnected()) {
							close(destination[0]);
							destination[0] = null;
							destination[0] = this.connections.reopen(pair.slots().get(1), pass);
						}
						return digestsOf(destination[0], destinationFolder, window);
					});
					for (LedgerEntry entry : window) {
						if (Arrays.equals(digests.get(entry.destinationUid()), entry.sha256())) {
							verified++;
						}
						else {
							mismatched++;
							log.error("Pass {}: message {} of {} differs at the destination (UID {})", passKey,
									entry.sourceUid(), folder.sourceDisplay(), entry.destinationUid());
						}
					}
				}
			}
			finally {
				this.connections.release(jobExecutionId,
						new IdleConnections.Pair(pair.slots(), pair.source(), destination[0]));
			}
		}
		long skipped = count("SELECT count(*) FROM skipped_message WHERE pass_key = ? AND source_folder = ?", passKey,
				sourceFolder);
		long inLedger = this.ledger.count(pass.pairId(), sourceFolder, folder.sourceUidValidity());
		this.jdbc.update("UPDATE pass_folder SET verified = ?, mismatched = ? WHERE pass_key = ? AND source_folder = ?",
				verified, mismatched, passKey, sourceFolder);
		if (skipped == 0 && mismatched == 0) {
			this.ledger.markCopied(pass.pairId(), sourceFolder, folder.sourceUidNext(), folder.messages(),
					folder.sourceHighestModSeq());
		}
		this.outbox.append(new FolderCompleted(UUID.randomUUID(), pass.request().migrationId(), pass.request().pass(),
				Instant.now(), folder.sourceDisplay(), folder.destinationDisplay(), folder.messages(), copied.size(),
				skipped, inLedger, verified, mismatched));
		return RepeatStatus.FINISHED;
	}

	private static void close(ImapSession session) {
		if (session != null) {
			try {
				session.close();
			}
			catch (RuntimeException ex) {
				// dropped anyway
			}
		}
	}

	private long count(String sql, Object... args) {
		Long n = this.jdbc.queryForObject(sql, Long.class, args);
		return n == null ? 0 : n;
	}

	/** Destination UID → SHA-256 of the messages found; a missing message has no digest (a mismatch). */
	private static Map<Long, byte[]> digestsOf(ImapSession destination, String folder, List<LedgerEntry> window) {
		Map<Long, byte[]> digests = new HashMap<>();
		if (window.size() == 1) {
			try {
				digests.put(window.get(0).destinationUid(), destination.sha256(folder, window.get(0).destinationUid()));
			}
			catch (MessageImapException ex) {
				// missing at the destination: a mismatch
			}
			return digests;
		}
		destination.fetchRawAll(folder, window.stream().map(LedgerEntry::destinationUid).toList(),
				(uid, bytes, offset, length) -> {
					MessageDigest sha256 = sha256();
					sha256.update(bytes, offset, length);
					digests.put(uid, sha256.digest());
				});
		return digests;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
