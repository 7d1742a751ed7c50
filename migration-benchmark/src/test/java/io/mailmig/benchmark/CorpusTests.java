package io.mailmig.benchmark;

import java.util.Arrays;
import java.util.HashSet;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.data.Percentage.withPercentage;

class CorpusTests {

	@Test
	void theSameProfileGivesTheSameBytes() {
		Corpus one = Corpus.of("mailbox");
		Corpus two = Corpus.of("mailbox");
		assertThat(one.sizes()).isEqualTo(two.sizes());
		assertThat(one.folders()).isEqualTo(two.folders());
		for (int i : new int[] { 0, 1, 4_321, 9_999 }) {
			assertThat(one.message(1, i)).isEqualTo(two.message(1, i));
			assertThat(one.folderOf(i)).isEqualTo(two.folderOf(i));
			assertThat(one.flags(i)).isEqualTo(two.flags(i));
			assertThat(one.internalDate(i)).isEqualTo(two.internalDate(i));
		}
	}

	@Test
	void mailboxLooksLikeRealMail() {
		Corpus mailbox = Corpus.of("mailbox");
		int[] sorted = mailbox.sizes().clone();
		Arrays.sort(sorted);
		assertThat(mailbox.messages()).isEqualTo(10_000);
		assertThat(sorted[sorted.length / 2]).isBetween(8_000, 12_000);
		long large = IntStream.of(sorted).filter(s -> s >= 500_000).count();
		assertThat(large).isBetween(200L, 400L);
		assertThat(IntStream.of(sorted).asLongStream().sum()).isBetween(700_000_000L, 1_100_000_000L);
		assertThat(new HashSet<>(mailbox.folders())).hasSize(40);
		assertThat(mailbox.folders()).contains("INBOX", "Éléments envoyés", "Projets/Équipe 2/Réunions");
		assertThat(mailbox.message(1, 7).length).isCloseTo(mailbox.sizes()[7], withPercentage(10));
	}

	@Test
	void bigfolderAndSpreadHoldTheSameMessages() {
		Corpus big = Corpus.of("bigfolder");
		Corpus spread = Corpus.of("spread");
		assertThat(big.folders()).containsExactly("INBOX");
		assertThat(spread.folders()).hasSize(40);
		assertThat(big.sizes()).isEqualTo(spread.sizes()).hasSize(50_000);
		assertThat(big.message(1, 123)).isEqualTo(spread.message(1, 123));
	}

	@Test
	void accountsHaveMailOfTheirOwn() {
		Corpus accounts = Corpus.of("accounts");
		assertThat(accounts.users()).isEqualTo(200);
		assertThat(accounts.messages()).isEqualTo(10_000);
		assertThat(accounts.message(1, 3)).isNotEqualTo(accounts.message(2, 3));
	}

	@Test
	void attachmentsAre5To30Mb() {
		int[] sizes = Corpus.of("attachments").sizes();
		assertThat(sizes).hasSize(40);
		assertThat(IntStream.of(sizes).allMatch(s -> s >= 5_000_000 && s < 30_000_000)).isTrue();
	}

	@Test
	void anUnknownProfileNamesTheKnownOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Corpus.of("huge")).withMessageContaining("bigfolder");
	}

}
