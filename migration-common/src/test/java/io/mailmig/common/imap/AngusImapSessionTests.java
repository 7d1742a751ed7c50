package io.mailmig.common.imap;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AngusImapSessionTests {

	@Test
	void appendLimitShouldBeTheAnnouncedSizeWhenServerHasAGlobalLimit() {
		// given: RFC 7889 §3
		Set<String> capabilities = Set.of("IMAP4REV1", "APPENDLIMIT=35651584");

		// when / then
		assertThat(AngusImapSession.appendLimit(capabilities)).hasValue(35_651_584L);
	}

	@Test
	void appendLimitShouldBeEmptyWhenLimitIsPerMailboxOrAbsent() {
		// when / then
		assertThat(AngusImapSession.appendLimit(Set.of("IMAP4REV1", "APPENDLIMIT"))).isEmpty();
		assertThat(AngusImapSession.appendLimit(Set.of("IMAP4REV1"))).isEmpty();
	}

	@Test
	void internalDateShouldBeWrittenInUtcWithTwoDigitDayWhenAppending() {
		// when
		String date = RawAppend.formatInternalDate(Instant.parse("1994-03-05T08:30:45.900Z"));

		// then: RFC 3501 §9 date-time
		assertThat(date).isEqualTo("05-Mar-1994 08:30:45 +0000");
	}

}
