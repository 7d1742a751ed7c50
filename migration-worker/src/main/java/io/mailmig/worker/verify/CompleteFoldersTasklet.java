package io.mailmig.worker.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.mailmig.common.event.FolderCompleted;
import io.mailmig.common.event.MigrationEvent;
import io.mailmig.worker.discovery.PassFolder;
import io.mailmig.worker.discovery.PassFolders;
import io.mailmig.worker.job.PassContext;
import io.mailmig.worker.job.PassContexts;
import io.mailmig.worker.ledger.Ledger;
import io.mailmig.worker.ledger.Ledger.PassCopies;
import io.mailmig.worker.progress.EventOutbox;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The pass's last step: reports every folder of its plan ({@code FolderCompleted}, with how many of the
 * messages copied were read back identical) and remembers each folder that came through clean as
 * copied under its source STATUS, so the next pass can tell it is unchanged without listing it.
 * <p>
 * The read-back itself is done by the copy, chunk by chunk, and its outcome is in the ledger
 * ({@code verified}); this step counts it, in a few queries for the whole pass, and opens no connection.
 */
@Component
class CompleteFoldersTasklet implements Tasklet {

	private final PassContexts passes;

	private final PassFolders passFolders;

	private final Ledger ledger;

	private final EventOutbox outbox;

	private final JdbcTemplate jdbc;

	CompleteFoldersTasklet(PassContexts passes, PassFolders passFolders, Ledger ledger, EventOutbox outbox,
			JdbcTemplate jdbc) {
		this.passes = passes;
		this.passFolders = passFolders;
		this.ledger = ledger;
		this.outbox = outbox;
		this.jdbc = jdbc;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		String passKey = (String) chunkContext.getStepContext().getJobParameters().get("pass");
		PassContext pass = this.passes.load(passKey);
		List<PassFolder> plan = this.passFolders.plan(passKey);
		Map<String, PassCopies> copies = this.ledger.copiesInPass(pass.pairId(), passKey);
		Map<String, Long> skipped = new HashMap<>();
		this.jdbc.query("SELECT source_folder, count(*) FROM skipped_message WHERE pass_key = ? GROUP BY source_folder",
				rs -> {
					skipped.put(rs.getString(1), rs.getLong(2));
				}, passKey);
		Map<String, Map<Long, Long>> inLedger = this.ledger.countsByFolder(pass.pairId());
		List<MigrationEvent> events = new ArrayList<>();
		for (PassFolder folder : plan) {
			PassCopies copied = copies.getOrDefault(folder.sourceFolder(), PassCopies.NONE);
			long skips = skipped.getOrDefault(folder.sourceFolder(), 0L);
			this.jdbc.update(
					"UPDATE pass_folder SET verified = ?, mismatched = ? WHERE pass_key = ? AND source_folder = ?",
					copied.identical(), copied.mismatched(), passKey, folder.sourceFolder());
			if (skips == 0 && copied.mismatched() == 0) {
				this.ledger.markCopied(pass.pairId(), folder.sourceFolder(), folder.sourceUidNext(), folder.messages(),
						folder.sourceHighestModSeq());
			}
			events.add(new FolderCompleted(UUID.randomUUID(), pass.request().migrationId(), pass.request().pass(),
					Instant.now(), folder.sourceDisplay(), folder.destinationDisplay(), folder.messages(),
					copied.copied(), skips,
					inLedger.getOrDefault(folder.sourceFolder(), Map.of()).getOrDefault(folder.sourceUidValidity(), 0L),
					copied.identical(), copied.mismatched()));
		}
		this.outbox.appendAll(events);
		return RepeatStatus.FINISHED;
	}

}
