package io.mailmig.common.folder;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.mailmig.common.imap.MailFolder;
import io.mailmig.common.imap.SpecialUse;

/**
 * Where one source folder goes.
 *
 * @param source the folder as the source listed it
 * @param sourcePath its decoded levels
 * @param destinationName the destination name on the wire: modified UTF-7 levels joined by the
 * destination's separator
 * @param destinationPath the destination's decoded levels
 * @param role the special-use role the destination folder should carry when it is created, if the
 * source folder was mapped by its role
 * @param selectable false for a hierarchy-only source folder ({@code \Noselect}): no real folder is
 * created for it and nothing is copied
 * @param existsAtDestination whether the destination already lists a selectable folder with this name
 * @param subscribe whether to subscribe to the destination folder (the source folder is subscribed)
 * @param renamed why the destination name is not the source name translated level by level, or
 * {@code null}
 */
public record FolderMapping(MailFolder source, List<String> sourcePath, String destinationName,
		List<String> destinationPath, Optional<SpecialUse> role, boolean selectable, boolean existsAtDestination,
		boolean subscribe, String renamed) {

	public FolderMapping {
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(role, "role");
		sourcePath = List.copyOf(sourcePath);
		destinationPath = List.copyOf(destinationPath);
		if (sourcePath.isEmpty() || destinationPath.isEmpty()) {
			throw new IllegalArgumentException("folder paths must not be empty");
		}
		if (destinationName == null || destinationName.isEmpty()) {
			throw new IllegalArgumentException("destinationName must not be empty");
		}
	}

	/** The source folder as the user sees it: decoded levels joined by {@code /}. */
	public String displayName() {
		return String.join("/", sourcePath);
	}

	/** The destination folder as the user sees it: decoded levels joined by {@code /}. */
	public String destinationDisplayName() {
		return String.join("/", destinationPath);
	}

	/** Whether the worker must create the destination folder before copying into it. */
	public boolean needsCreation() {
		return selectable && !existsAtDestination;
	}

	public Optional<String> renamedReason() {
		return Optional.ofNullable(renamed);
	}

}
