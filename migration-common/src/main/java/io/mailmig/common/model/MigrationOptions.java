package io.mailmig.common.model;

import java.time.Instant;
import java.util.List;

/**
 * What to copy from a mailbox.
 *
 * @param includeFolders if not empty, only these source folders (and their children) are copied;
 * names as the user sees them, with {@code /} between levels
 * @param excludeFolders these source folders (and their children) are not copied; a special-use role
 * ({@code \Junk}) or a name
 * @param since only messages whose INTERNALDATE is on or after this instant, or {@code null}
 * @param maxMessageSize messages larger than this many bytes are skipped and reported, or {@code null}
 */
public record MigrationOptions(List<String> includeFolders, List<String> excludeFolders, Instant since,
		Long maxMessageSize) {

	public static final MigrationOptions DEFAULTS = new MigrationOptions(List.of(), List.of(), null, null);

	public MigrationOptions {
		includeFolders = includeFolders == null ? List.of() : List.copyOf(includeFolders);
		excludeFolders = excludeFolders == null ? List.of() : List.copyOf(excludeFolders);
		if (maxMessageSize != null && maxMessageSize <= 0) {
			throw new IllegalArgumentException("maxMessageSize must be positive, was " + maxMessageSize);
		}
	}

}
