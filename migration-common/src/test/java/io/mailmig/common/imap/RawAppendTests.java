package io.mailmig.common.imap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawAppendTests {

	@Test
	void uidSetShouldListEveryUidInOrderWhenRangesAndSinglesMix() {
		// RFC 4315 §3: the UIDs of a MULTIAPPEND, in the order of the messages
		assertThat(RawAppend.uidSet("4:7,9")).containsExactly(4, 5, 6, 7, 9);
		assertThat(RawAppend.uidSet("12")).containsExactly(12);
		assertThat(RawAppend.uidSet("3:1")).containsExactly(1, 2, 3);
	}

}
