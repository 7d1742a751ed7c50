package io.mailmig.worker.connection;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import io.mailmig.common.imap.ImapSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlotSessionTests {

	@Test
	void slotSessionShouldPassOnEveryMethodWhenImapSessionGrows() {
		// a default method not passed on would run the default (one command per message) instead of the
		// real session's pipelined one
		for (Method method : ImapSession.class.getMethods()) {
			if (Modifier.isStatic(method.getModifiers())) {
				continue;
			}
			assertThat(Arrays.stream(SlotSession.class.getDeclaredMethods())
				.anyMatch(m -> m.getName().equals(method.getName())
						&& Arrays.equals(m.getParameterTypes(), method.getParameterTypes())))
				.as("SlotSession passes on %s", method)
				.isTrue();
		}
	}

}
