package io.mailmig.common.imap;

import java.util.List;
import java.util.Set;

import jakarta.mail.Flags;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImapFlagsTests {

	@Test
	void namesShouldSpellSystemFlagsAndKeepKeywordsWithoutRecent() {
		// given
		Flags flags = new Flags();
		flags.add(Flags.Flag.SEEN);
		flags.add(Flags.Flag.RECENT);
		flags.add(Flags.Flag.ANSWERED);
		flags.add("$Forwarded");

		// when
		Set<String> names = ImapFlags.names(flags);

		// then
		assertThat(names).containsExactlyInAnyOrder("\\Seen", "\\Answered", "$Forwarded");
	}

	@Test
	void flagListShouldKeepSettableFlagsAndDropTheRestWhenAppending() {
		// given
		List<String> names = List.of("\\seen", "\\Recent", "\\Deleted", "$Label1", "bad keyword", "(x)");

		// when
		String list = ImapFlags.flagList(Set.copyOf(names)).orElseThrow();

		// then
		assertThat(list).startsWith("(").endsWith(")");
		assertThat(list.substring(1, list.length() - 1).split(" ")).containsExactlyInAnyOrder("\\Seen", "\\Deleted",
				"$Label1");
	}

	@Test
	void flagListShouldBeEmptyWhenNothingToSet() {
		// when / then
		assertThat(ImapFlags.flagList(Set.of("\\Recent"))).isEmpty();
	}

}
