package io.mailmig.common.folder;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.mailmig.common.imap.SpecialUse;
import io.mailmig.common.model.MigrationOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FolderFilterTests {

	private static final Set<SpecialUse> NONE = Set.of();

	@Test
	void acceptsShouldAcceptEverythingWhenFilterIsEmpty() {
		// given
		FolderFilter filter = FolderFilter.ALL;

		// when / then
		assertThat(filter.accepts(List.of("INBOX"), NONE)).isTrue();
		assertThat(filter.accepts(List.of("Courrier indésirable"), Set.of(SpecialUse.JUNK))).isTrue();
	}

	@Test
	void acceptsShouldRejectFolderAndChildrenWhenExcludedByName() {
		// given
		FolderFilter filter = new FolderFilter(List.of(), List.of("Projets/2019"));

		// when / then
		assertThat(filter.accepts(List.of("Projets", "2019"), NONE)).isFalse();
		assertThat(filter.accepts(List.of("Projets", "2019", "Q1"), NONE)).isFalse();
		assertThat(filter.accepts(List.of("Projets"), NONE)).isTrue();
		assertThat(filter.accepts(List.of("Projets", "20190"), NONE)).isTrue();
		assertThat(filter.accepts(List.of("projets", "2019"), NONE)).isTrue();
	}

	@Test
	void acceptsShouldMatchInboxCaseInsensitivelyWhenPatternNamesInbox() {
		// given
		FolderFilter filter = new FolderFilter(List.of(), List.of("inbox/Old"));

		// when / then
		assertThat(filter.accepts(List.of("INBOX", "Old"), NONE)).isFalse();
		assertThat(filter.accepts(List.of("INBOX", "old"), NONE)).isTrue();
		assertThat(filter.accepts(List.of("INBOX"), NONE)).isTrue();
	}

	@Test
	void acceptsShouldRejectJunkFolderInAnyLanguageWhenRoleIsExcluded() {
		// given
		FolderFilter byRole = new FolderFilter(List.of(), List.of("\\Junk"));
		FolderFilter byRoleName = new FolderFilter(List.of(), List.of("junk"));

		// when / then
		for (FolderFilter filter : List.of(byRole, byRoleName)) {
			assertThat(filter.accepts(List.of("Courrier indésirable"), Set.of(SpecialUse.JUNK))).isFalse();
			assertThat(filter.accepts(List.of("Courrier indésirable", "2019"), Set.of(SpecialUse.JUNK))).isFalse();
			assertThat(filter.accepts(List.of("Éléments envoyés"), Set.of(SpecialUse.SENT))).isTrue();
		}
	}

	@Test
	void acceptsShouldRejectFolderNamedJunkWhenItCarriesNoRole() {
		// given
		FolderFilter filter = new FolderFilter(List.of(), List.of("Junk"));

		// when / then
		assertThat(filter.accepts(List.of("Junk"), NONE)).isFalse();
		assertThat(filter.accepts(List.of("Junk", "old"), NONE)).isFalse();
		assertThat(filter.accepts(List.of("Junkyard"), NONE)).isTrue();
	}

	@Test
	void acceptsShouldOnlyAcceptIncludedFoldersWhenIncludeIsGiven() {
		// given
		FolderFilter filter = new FolderFilter(List.of("INBOX", "\\Sent"), List.of("INBOX/Spam"));

		// when / then
		assertThat(filter.accepts(List.of("INBOX"), NONE)).isTrue();
		assertThat(filter.accepts(List.of("INBOX", "Factures"), NONE)).isTrue();
		assertThat(filter.accepts(List.of("INBOX", "Spam"), NONE)).isFalse();
		assertThat(filter.accepts(List.of("Éléments envoyés"), Set.of(SpecialUse.SENT))).isTrue();
		assertThat(filter.accepts(List.of("Brouillons"), Set.of(SpecialUse.DRAFTS))).isFalse();
	}

	@Test
	void constructorShouldRejectBlankOrUnknownRolePatterns() {
		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> new FolderFilter(List.of(" "), List.of()))
			.withMessageContaining("blank");
		assertThatIllegalArgumentException().isThrownBy(() -> new FolderFilter(List.of(), List.of("\\Important")))
			.withMessageContaining("special-use");
	}

	@Test
	void ofShouldTrimSlashesWhenOptionsComeFromUser() {
		// given
		MigrationOptions options = new MigrationOptions(null, List.of("/Archive/ "), null, null);

		// when
		FolderFilter filter = FolderFilter.of(options);

		// then
		assertThat(filter.include()).isEmpty();
		assertThat(filter.exclude()).containsExactly("Archive");
		assertThat(filter.accepts(List.of("Archive", "2019"), NONE)).isFalse();
	}

}
