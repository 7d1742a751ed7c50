package io.mailmig.worker.discovery;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The folder plans of passes ({@code pass_folder}). */
@Repository
public class PassFolders {

	/** Job execution context key: the id of the job execution whose discovery made the pass's plan. */
	public static final String DISCOVERED_IN = "discoverFolders.jobExecutionId";

	private static final RowMapper<PassFolder> ROW = (rs, i) -> new PassFolder(rs.getString("pass_key"),
			rs.getInt("ordinal"), rs.getString("source_folder"), rs.getString("source_display"),
			rs.getString("destination_folder"), rs.getString("destination_display"),
			rs.getLong("source_uid_validity"), rs.getLong("source_uid_next"), rs.getLong("source_highest_modseq"),
			rs.getLong("messages"), rs.getLong("bytes"), rs.getLong("to_copy"), rs.getLong("bytes_to_copy"),
			rs.getBoolean("unchanged"), rs.getBoolean("destination_clean"));

	private final JdbcTemplate jdbc;

	PassFolders(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void insert(PassFolder f) {
		this.jdbc.update("""
				INSERT INTO pass_folder (pass_key, ordinal, source_folder, source_display, destination_folder,
				  destination_display, source_uid_validity, source_uid_next, source_highest_modseq, messages, bytes,
				  to_copy, bytes_to_copy, unchanged, destination_clean)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", f.passKey(), f.ordinal(), f.sourceFolder(),
				f.sourceDisplay(), f.destinationFolder(), f.destinationDisplay(), f.sourceUidValidity(),
				f.sourceUidNext(), f.sourceHighestModSeq(), f.messages(), f.bytes(), f.toCopy(), f.bytesToCopy(),
				f.unchanged(), f.destinationClean());
	}

	/** Forgets a plan made by a discovery that is being run again. */
	void deletePlan(String passKey) {
		this.jdbc.update("DELETE FROM pass_folder WHERE pass_key = ?", passKey);
	}

	public List<PassFolder> plan(String passKey) {
		return this.jdbc.query("SELECT * FROM pass_folder WHERE pass_key = ? ORDER BY ordinal", ROW, passKey);
	}

	public PassFolder folder(String passKey, String sourceFolder) {
		return this.jdbc.queryForObject("SELECT * FROM pass_folder WHERE pass_key = ? AND source_folder = ?", ROW,
				passKey, sourceFolder);
	}

}
