package io.mailmig.common.folder;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.mailmig.common.imap.MailFolder;

/**
 * What {@link FolderMapper} decided for every source folder: mapped, rejected (reported as an error of
 * the migration) or excluded by the user's filter (not an error).
 *
 * @param mappings the source folders to copy (or, when not selectable, only to keep in the hierarchy)
 * @param rejected the source folders that will not be copied, with why
 * @param excluded display names of the source folders the user's filter leaves out
 * @param notes things the user should know although nothing is lost (renamed levels, a role the
 * destination does not have...)
 */
public record FolderPlan(List<FolderMapping> mappings, List<Rejected> rejected, List<String> excluded,
		List<String> notes) {

	public FolderPlan {
		mappings = List.copyOf(mappings);
		rejected = List.copyOf(rejected);
		excluded = List.copyOf(excluded);
		notes = List.copyOf(notes);
	}

	/** The mappings of the folders that hold messages to copy. */
	public List<FolderMapping> selectable() {
		return mappings.stream().filter(FolderMapping::selectable).toList();
	}

	/** The mapping of a source folder, by its display name. */
	public Optional<FolderMapping> mappingOf(String sourceDisplayName) {
		return mappings.stream().filter(m -> m.displayName().equals(sourceDisplayName)).findFirst();
	}

	/**
	 * A source folder that will not be copied.
	 *
	 * @param source the folder as listed
	 * @param displayName its decoded name, or its wire name when it cannot be decoded
	 * @param reason why, in words for the report
	 */
	public record Rejected(MailFolder source, String displayName, String reason) {

		public Rejected {
			Objects.requireNonNull(source, "source");
			Objects.requireNonNull(displayName, "displayName");
			if (reason == null || reason.isBlank()) {
				throw new IllegalArgumentException("a rejected folder needs a reason");
			}
		}

	}

}
