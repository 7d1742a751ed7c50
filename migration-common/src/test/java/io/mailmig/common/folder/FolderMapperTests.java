package io.mailmig.common.folder;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.mailmig.common.imap.MailFolder;
import io.mailmig.common.imap.SpecialUse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

class FolderMapperTests {

	private final FolderMapper mapper = new FolderMapper();

	/** A French Dovecot-style source with '.' between levels. */
	private static final List<MailFolder> FRENCH = List.of(folder("INBOX", '.'),
			folder("INBOX.Factures", '.'), folder("&AMk-l&AOk-ments envoy&AOk-s", '.', "\\Sent"),
			folder("&AMk-l&AOk-ments envoy&AOk-s.2019", '.'), folder("Brouillons", '.', "\\Drafts"),
			folder("&AMk-l&AOk-ments supprim&AOk-s", '.', "\\Trash"), folder("Courrier ind&AOk-sirable", '.', "\\Junk"),
			folder("R&AOk-unions", '.'));

	/** An English destination with '/' between levels. */
	private static final List<MailFolder> ENGLISH = List.of(folder("INBOX", '/'), folder("Sent", '/', "\\Sent"),
			folder("Drafts", '/', "\\Drafts"), folder("Deleted Items", '/', "\\Trash"), folder("Junk", '/', "\\Junk"));

	@Test
	void mapShouldMatchSpecialUseByAttributeWhenNamesAreInDifferentLanguages() {
		// when
		FolderPlan plan = mapper.map(FRENCH, '.', ENGLISH, '/');

		// then
		assertThat(plan.mappings()).extracting(FolderMapping::displayName, FolderMapping::destinationName,
				FolderMapping::existsAtDestination)
			.containsExactlyInAnyOrder(tuple("INBOX", "INBOX", true), tuple("INBOX/Factures", "INBOX/Factures", false),
					tuple("Éléments envoyés", "Sent", true), tuple("Éléments envoyés/2019", "Sent/2019", false),
					tuple("Brouillons", "Drafts", true), tuple("Éléments supprimés", "Deleted Items", true),
					tuple("Courrier indésirable", "Junk", true), tuple("Réunions", "R&AOk-unions", false));
		assertThat(plan.mappingOf("Éléments envoyés")).get()
			.extracting(FolderMapping::role)
			.isEqualTo(Optional.of(SpecialUse.SENT));
		assertThat(plan.mappingOf("Éléments envoyés/2019")).get()
			.extracting(FolderMapping::destinationPath, FolderMapping::role)
			.containsExactly(List.of("Sent", "2019"), Optional.empty());
		assertThat(plan.rejected()).isEmpty();
		assertThat(plan.notes()).isEmpty();
	}

	@Test
	void mapShouldKeepSourceNameAndRoleWhenDestinationHasNoFolderWithThatRole() {
		// given
		List<MailFolder> destination = List.of(folder("INBOX", '/'));

		// when
		FolderPlan plan = mapper.map(FRENCH, '.', destination, '/');

		// then
		assertThat(plan.mappingOf("Éléments envoyés/2019")).get()
			.extracting(FolderMapping::destinationName)
			.isEqualTo("&AMk-l&AOk-ments envoy&AOk-s/2019");
		assertThat(plan.mappingOf("Éléments envoyés")).get()
			.extracting(FolderMapping::role, FolderMapping::existsAtDestination)
			.containsExactly(Optional.of(SpecialUse.SENT), false);
		assertThat(plan.notes()).anyMatch(n -> n.contains("no \\Sent folder"));
	}

	@Test
	void mapShouldMapInboxAndItsChildrenWhenCaseDiffers() {
		// given
		List<MailFolder> source = List.of(folder("inbox", '/'), folder("Inbox/Clients", '/'));
		List<MailFolder> destination = List.of(folder("INBOX", '.'));

		// when
		FolderPlan plan = mapper.map(source, '/', destination, '.');

		// then
		assertThat(plan.mappings()).extracting(FolderMapping::displayName, FolderMapping::destinationName)
			.containsExactly(tuple("INBOX", "INBOX"), tuple("INBOX/Clients", "INBOX.Clients"));
		assertThat(plan.mappings().get(0).existsAtDestination()).isTrue();
	}

	@Test
	void mapShouldTranslateSeparatorAndRoundTripAccentsWhenSourceUsesDots() {
		// given
		List<MailFolder> source = List.of(folder("Archiv&AOk-", '.'), folder("Archiv&AOk-.2019", '.'),
				folder("Archiv&AOk-.2019.R&AOk-unions", '.'));

		// when
		FolderPlan plan = mapper.map(source, '.', List.of(), '/');

		// then
		assertThat(plan.mappings()).extracting(FolderMapping::destinationName)
			.containsExactly("Archiv&AOk-", "Archiv&AOk-/2019", "Archiv&AOk-/2019/R&AOk-unions");
		assertThat(plan.mappings()).extracting(FolderMapping::destinationDisplayName)
			.containsExactly("Archivé", "Archivé/2019", "Archivé/2019/Réunions");
		assertThat(plan.mappings().get(2).sourcePath()).containsExactly("Archivé", "2019", "Réunions");
	}

	@Test
	void mapShouldEscapeAmpersandWhenNameHoldsOne() {
		// given
		List<MailFolder> source = List.of(folder("R&-D", '.'), folder("R&-D.Caf&AOk- & co", '/'));

		// when
		FolderPlan plan = mapper.map(source, '.', List.of(), '/');

		// then
		assertThat(plan.rejected()).extracting(FolderPlan.Rejected::displayName).containsExactly("R&-D.Caf&AOk- & co");
		assertThat(plan.mappings()).extracting(FolderMapping::displayName, FolderMapping::destinationName)
			.containsExactly(tuple("R&D", "R&-D"));
	}

	@Test
	void mapShouldKeepLevelWholeAndReportItWhenLevelHoldsDestinationSeparator() {
		// given
		List<MailFolder> source = List.of(folder("Clients", '.'), folder("Clients.A/B Conseil", '.'));

		// when
		FolderPlan plan = new FolderMapper(FolderFilter.ALL, '-').map(source, '.', List.of(), '/');

		// then
		FolderMapping mapping = plan.mappingOf("Clients/A/B Conseil").orElseThrow();
		assertThat(mapping.sourcePath()).containsExactly("Clients", "A/B Conseil");
		assertThat(mapping.destinationName()).isEqualTo("Clients/A-B Conseil");
		assertThat(mapping.destinationPath()).containsExactly("Clients", "A-B Conseil");
		assertThat(mapping.renamedReason()).hasValueSatisfying(r -> assertThat(r).contains("'A/B Conseil' became 'A-B Conseil'"));
		assertThat(plan.notes()).singleElement().asString().contains("Clients/A/B Conseil");
	}

	@Test
	void mapShouldReplaceDotWhenDestinationSeparatorIsDot() {
		// given
		List<MailFolder> source = List.of(folder("v1.2", '/'));

		// when
		FolderPlan plan = mapper.map(source, '/', List.of(), '.');

		// then
		assertThat(plan.mappings()).extracting(FolderMapping::destinationName).containsExactly("v1_2");
	}

	@Test
	void mapShouldNotMakeRealFolderWhenSourceParentIsNoselect() {
		// given
		List<MailFolder> source = List.of(folder("Archives", '/', "\\Noselect", "\\HasChildren"),
				folder("Archives/2019", '/'), folder("Old", '/', "\\NonExistent"));

		// when
		FolderPlan plan = mapper.map(source, '/', List.of(), '/');

		// then
		assertThat(plan.mappings()).extracting(FolderMapping::displayName, FolderMapping::selectable,
				FolderMapping::needsCreation)
			.containsExactlyInAnyOrder(tuple("Archives", false, false), tuple("Archives/2019", true, true),
					tuple("Old", false, false));
		assertThat(plan.selectable()).extracting(FolderMapping::displayName).containsExactly("Archives/2019");
	}

	@Test
	void mapShouldSubscribeExactlyWhenSourceIsSubscribed() {
		// given
		List<MailFolder> source = List.of(new MailFolder("INBOX", '/', Set.of(), true),
				new MailFolder("Lu", '/', Set.of(), false), new MailFolder("Suivi", '/', Set.of(), true));

		// when
		FolderPlan plan = mapper.map(source, '/', List.of(), '/');

		// then
		assertThat(plan.mappings()).extracting(FolderMapping::displayName, FolderMapping::subscribe)
			.containsExactly(tuple("INBOX", true), tuple("Lu", false), tuple("Suivi", true));
	}

	@Test
	void mapShouldReturnEmptyPlanWhenSourceHasNoFolders() {
		// when
		FolderPlan plan = mapper.map(List.of(), '/', ENGLISH, '/');

		// then
		assertThat(plan.mappings()).isEmpty();
		assertThat(plan.rejected()).isEmpty();
		assertThat(plan.excluded()).isEmpty();
	}

	@Test
	void mapShouldMapOnlyFirstFolderByRoleWhenTwoSourcesCarryTheSameRole() {
		// given
		List<MailFolder> source = List.of(folder("INBOX.Sent Messages", '.', "\\Sent"),
				folder("Envoy&AOk-s", '.', "\\Sent"), folder("Envoy&AOk-s.Old", '.'));

		// when
		FolderPlan plan = mapper.map(source, '.', ENGLISH, '/');

		// then
		assertThat(plan.mappings()).extracting(FolderMapping::displayName, FolderMapping::destinationName,
				FolderMapping::role)
			.containsExactly(tuple("Envoyés", "Sent", Optional.of(SpecialUse.SENT)),
					tuple("Envoyés/Old", "Sent/Old", Optional.empty()),
					tuple("INBOX/Sent Messages", "INBOX/Sent Messages", Optional.empty()));
		assertThat(plan.notes()).anyMatch(n -> n.contains("'INBOX/Sent Messages' also carries \\Sent"));
	}

	@Test
	void mapShouldRejectSecondFolderWhenTwoSourcesMapToSameName() {
		// given a plain "Sent" next to the French \Sent folder, and a renamed level colliding with a real one
		List<MailFolder> source = List.of(folder("Sent", '.'), folder("Envoy&AOk-s", '.', "\\Sent"),
				folder("a/b", '.'), folder("a_b", '.'));

		// when
		FolderPlan plan = mapper.map(source, '.', ENGLISH, '/');

		// then
		assertThat(plan.mappings()).extracting(FolderMapping::displayName, FolderMapping::destinationName)
			.containsExactlyInAnyOrder(tuple("Envoyés", "Sent"), tuple("a_b", "a_b"));
		assertThat(plan.rejected()).extracting(FolderPlan.Rejected::displayName, FolderPlan.Rejected::reason)
			.containsExactlyInAnyOrder(
					tuple("Sent", "would be copied into 'Sent', where 'Envoyés' goes already: folders are never merged"),
					tuple("a/b", "would be copied into 'a_b', where 'a_b' goes already: folders are never merged"));
	}

	@Test
	void mapShouldRejectVirtualFoldersWhenTheyCarryAllOrFlagged() {
		// given
		List<MailFolder> source = List.of(folder("INBOX", '/'), folder("[Gmail]", '/', "\\Noselect"),
				folder("[Gmail]/Tous les messages", '/', "\\All"), folder("[Gmail]/Suivis", '/', "\\Flagged"),
				folder("[Gmail]/Messages envoy&AOk-s", '/', "\\Sent"));

		// when
		FolderPlan plan = mapper.map(source, '/', ENGLISH, '/');

		// then
		assertThat(plan.rejected()).extracting(FolderPlan.Rejected::displayName)
			.containsExactlyInAnyOrder("[Gmail]/Tous les messages", "[Gmail]/Suivis");
		assertThat(plan.rejected()).extracting(FolderPlan.Rejected::reason)
			.allMatch(r -> r.startsWith("virtual folder (\\All)") || r.startsWith("virtual folder (\\Flagged)"));
		assertThat(plan.mappingOf("[Gmail]/Messages envoyés")).get()
			.extracting(FolderMapping::destinationName)
			.isEqualTo("Sent");
	}

	@Test
	void mapShouldLeaveOutJunkInAnyLanguageWhenFilterExcludesJunk() {
		// given
		List<MailFolder> source = List.of(folder("INBOX", '.'), folder("Courrier ind&AOk-sirable", '.', "\\Junk"),
				folder("Courrier ind&AOk-sirable.Vieux", '.'));
		FolderMapper excludingJunk = new FolderMapper(new FolderFilter(List.of(), List.of("Junk")), '_');

		// when
		FolderPlan plan = excludingJunk.map(source, '.', ENGLISH, '/');

		// then
		assertThat(plan.mappings()).extracting(FolderMapping::displayName).containsExactly("INBOX");
		assertThat(plan.excluded()).containsExactly("Courrier indésirable", "Courrier indésirable/Vieux");
		assertThat(plan.rejected()).isEmpty();
	}

	@Test
	void mapShouldRejectFolderWhenItsNameIsNotModifiedUtf7() {
		// given
		List<MailFolder> source = List.of(folder("Caf\u00e9", '/'), folder("&Jjo", '/'));

		// when
		FolderPlan plan = mapper.map(source, '/', List.of(), '/');

		// then
		assertThat(plan.mappings()).isEmpty();
		assertThat(plan.rejected()).extracting(FolderPlan.Rejected::reason)
			.allMatch(r -> r.contains("not a valid modified UTF-7"));
	}

	@Test
	void mapShouldNotCountDestinationFolderAsExistingWhenItIsNoselect() {
		// given
		List<MailFolder> source = List.of(folder("Projets", '/'));
		List<MailFolder> destination = List.of(folder("Projets", '/', "\\Noselect"));

		// when
		FolderPlan plan = mapper.map(source, '/', destination, '/');

		// then
		assertThat(plan.mappings()).singleElement().extracting(FolderMapping::needsCreation).isEqualTo(true);
	}

	@Test
	void mapShouldRejectSubFoldersWhenDestinationIsFlat() {
		// given
		List<MailFolder> source = List.of(folder("INBOX", '.'), folder("a.b", '.'));

		// when
		FolderPlan plan = mapper.map(source, '.', List.of(), (char) 0);

		// then
		assertThat(plan.mappings()).extracting(FolderMapping::destinationName).containsExactly("INBOX");
		assertThat(plan.rejected()).extracting(FolderPlan.Rejected::displayName).containsExactly("a/b");
	}

	@Test
	void constructorShouldRefuseSubstituteWhenItIsAnImapSpecial() {
		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> new FolderMapper(FolderFilter.ALL, '%'));
		assertThatIllegalArgumentException().isThrownBy(() -> new FolderMapper(FolderFilter.ALL, '/')
			.map(List.of(folder("a", '.')), '.', List.of(), '/'));
	}

	private static MailFolder folder(String name, char separator, String... attributes) {
		return new MailFolder(name, separator, Set.copyOf(Arrays.asList(attributes)), true);
	}

}
