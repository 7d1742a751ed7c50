package io.mailmig.worker.ledger;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The message ledger: which source messages of a mailbox pair are at the destination, and where. It is
 * what makes a re-run copy only what is new and a retry never append twice. Entries are written in the
 * transaction that commits the chunk, in one batch.
 */
@Repository
public class Ledger {

	private static final RowMapper<LedgerFolder> FOLDER = (rs, i) -> new LedgerFolder(rs.getLong("pair_id"),
			rs.getString("source_folder"), rs.getLong("source_uid_validity"), rs.getString("destination_folder"),
			rs.getLong("destination_uid_validity"), rs.getLong("destination_watermark"),
			(Long) rs.getObject("copied_uid_next"), (Long) rs.getObject("copied_messages"),
			(Long) rs.getObject("copied_highest_modseq"));

	private final JdbcTemplate jdbc;

	Ledger(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The id of the pair, created on first use. */
	public long pairId(MailboxPair pair) {
		this.jdbc.update("""
				INSERT INTO mailbox_pair (source_server, source_user, destination_server, destination_user)
				VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""", pair.sourceServer(), pair.sourceUser(),
				pair.destinationServer(), pair.destinationUser());
		return this.jdbc.queryForObject("""
				SELECT id FROM mailbox_pair WHERE source_server = ? AND source_user = ?
				AND destination_server = ? AND destination_user = ?""", Long.class, pair.sourceServer(),
				pair.sourceUser(), pair.destinationServer(), pair.destinationUser());
	}

	public Optional<LedgerFolder> folder(long pairId, String sourceFolder) {
		return this.jdbc.query("SELECT * FROM ledger_folder WHERE pair_id = ? AND source_folder = ?", FOLDER, pairId,
				sourceFolder).stream().findFirst();
	}

	/** Records where a source folder goes; the first mapping of a folder wins and is kept. */
	public void registerFolder(long pairId, String sourceFolder, long sourceUidValidity, String destinationFolder,
			long destinationUidValidity, long destinationUidNext) {
		this.jdbc.update("""
				INSERT INTO ledger_folder (pair_id, source_folder, source_uid_validity, destination_folder,
				  destination_uid_validity, destination_watermark)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", pairId, sourceFolder, sourceUidValidity,
				destinationFolder, destinationUidValidity, destinationUidNext);
	}

	/** Source UIDs of the folder the ledger holds, one query. */
	public Set<Long> copiedUids(long pairId, String sourceFolder, long sourceUidValidity) {
		Set<Long> uids = new HashSet<>();
		this.jdbc.query("""
				SELECT source_uid FROM message_ledger
				WHERE pair_id = ? AND source_folder = ? AND source_uid_validity = ?""",
				rs -> {
					uids.add(rs.getLong(1));
				}, pairId, sourceFolder, sourceUidValidity);
		return uids;
	}

	/** Source UID → destination UID of the folder's copied messages (where the destination UID is known). */
	public java.util.Map<Long, Long> copiedDestinations(long pairId, String sourceFolder, long sourceUidValidity) {
		java.util.Map<Long, Long> map = new java.util.HashMap<>();
		this.jdbc.query("""
				SELECT source_uid, destination_uid FROM message_ledger
				WHERE pair_id = ? AND source_folder = ? AND source_uid_validity = ? AND destination_uid IS NOT NULL""",
				rs -> {
					map.put(rs.getLong(1), rs.getLong(2));
				}, pairId, sourceFolder, sourceUidValidity);
		return map;
	}

	/** Destination UIDs the ledger holds at or above {@code fromUid}: known, so not orphans. */
	public Set<Long> destinationUidsFrom(long pairId, String sourceFolder, long fromUid) {
		Set<Long> uids = new HashSet<>();
		this.jdbc.query("""
				SELECT destination_uid FROM message_ledger
				WHERE pair_id = ? AND source_folder = ? AND destination_uid >= ?""", rs -> {
			uids.add(rs.getLong(1));
		}, pairId, sourceFolder, fromUid);
		return uids;
	}

	/** Writes the entries of one chunk in one batch and moves the watermark up. */
	public void record(LedgerFolder folder, String passKey, List<LedgerEntry> entries, long destinationUidNext) {
		this.jdbc.batchUpdate("""
				INSERT INTO message_ledger (pair_id, source_folder, source_uid_validity, source_uid,
				  destination_uid, size, sha256, pass_key, verified)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", entries, entries.size(), (ps, e) -> {
			ps.setLong(1, folder.pairId());
			ps.setString(2, folder.sourceFolder());
			ps.setLong(3, folder.sourceUidValidity());
			ps.setLong(4, e.sourceUid());
			ps.setObject(5, e.destinationUid());
			ps.setLong(6, e.size());
			ps.setBytes(7, e.sha256());
			ps.setString(8, passKey);
			ps.setObject(9, e.verified(), java.sql.Types.BOOLEAN);
		});
		this.jdbc.update("""
				UPDATE ledger_folder SET destination_watermark = GREATEST(destination_watermark, ?)
				WHERE pair_id = ? AND source_folder = ?""", destinationUidNext, folder.pairId(),
				folder.sourceFolder());
	}

	/** Remembers the source STATUS under which the folder was completely copied. */
	public void markCopied(long pairId, String sourceFolder, long uidNext, long messages, long highestModSeq) {
		this.jdbc.update("""
				UPDATE ledger_folder SET copied_uid_next = ?, copied_messages = ?, copied_highest_modseq = ?
				WHERE pair_id = ? AND source_folder = ?""", uidNext, messages, highestModSeq, pairId, sourceFolder);
	}

	/**
	 * What a pass copied in each folder and how the read-back went, in one query.
	 * @return by source folder; a folder the pass copied nothing in is absent
	 */
	public java.util.Map<String, PassCopies> copiesInPass(long pairId, String passKey) {
		java.util.Map<String, PassCopies> copies = new java.util.HashMap<>();
		this.jdbc.query("""
				SELECT source_folder, count(*), count(*) FILTER (WHERE verified),
				  count(*) FILTER (WHERE NOT verified)
				FROM message_ledger WHERE pair_id = ? AND pass_key = ? GROUP BY source_folder""",
				rs -> {
					copies.put(rs.getString(1), new PassCopies(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
				}, pairId, passKey);
		return copies;
	}

	/**
	 * What a pass copied in one folder.
	 *
	 * @param copied entries the pass wrote
	 * @param identical read back and found byte-identical
	 * @param mismatched read back and found different, or missing (the others were not read back:
	 * verification {@code COUNT}, or no destination UID)
	 */
	public record PassCopies(long copied, long identical, long mismatched) {

		public static final PassCopies NONE = new PassCopies(0, 0, 0);

	}

	/** Entries of the pair by source folder and source UIDVALIDITY, in one query. */
	public java.util.Map<String, java.util.Map<Long, Long>> countsByFolder(long pairId) {
		java.util.Map<String, java.util.Map<Long, Long>> counts = new java.util.HashMap<>();
		this.jdbc.query("""
				SELECT source_folder, source_uid_validity, count(*) FROM message_ledger
				WHERE pair_id = ? GROUP BY source_folder, source_uid_validity""", rs -> {
			counts.computeIfAbsent(rs.getString(1), f -> new java.util.HashMap<>()).put(rs.getLong(2), rs.getLong(3));
		}, pairId);
		return counts;
	}

}
