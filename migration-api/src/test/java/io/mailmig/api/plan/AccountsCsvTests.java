package io.mailmig.api.plan;

import java.util.List;

import io.mailmig.api.system.InvalidRequestException;
import io.mailmig.api.system.Violation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AccountsCsvTests {

	@Test
	void parseShouldReadAccountsWhenCsvHasBomCrlfAndQuotes() {
		// given
		String csv = "\uFEFFsourceUser,sourcePassword,destinationUser,destinationPassword\r\n"
				+ "alice@old.example,\"p,a\"\"ss\",alice@new.example,secret\r\n"
				+ "bob@old.example,b0b,bob@new.example,\"multi\r\nline\"\r\n";

		// when
		List<AccountInput> accounts = AccountsCsv.parse(csv, 100);

		// then
		assertThat(accounts).hasSize(2);
		assertThat(accounts.get(0).account().sourceUser()).isEqualTo("alice@old.example");
		assertThat(accounts.get(0).account().sourcePassword()).isEqualTo("p,a\"ss");
		assertThat(accounts.get(0).csvLine()).isEqualTo(2);
		assertThat(accounts.get(1).account().destinationPassword()).isEqualTo("multi\r\nline");
		assertThat(accounts.get(1).csvLine()).isEqualTo(3);
	}

	@Test
	void parseShouldGiveEmptyPasswordsAsNullWhenColumnsAreEmptyOrMissing() {
		// given
		String csv = "destinationUser,sourceUser\nalice@new.example,alice@old.example\n";

		// when
		List<AccountInput> accounts = AccountsCsv.parse(csv, 100);

		// then
		assertThat(accounts).singleElement().satisfies(a -> {
			assertThat(a.account().sourceUser()).isEqualTo("alice@old.example");
			assertThat(a.account().destinationUser()).isEqualTo("alice@new.example");
			assertThat(a.account().sourcePassword()).isNull();
			assertThat(a.account().destinationPassword()).isNull();
		});
	}

	@Test
	void parseShouldNameTheLineWhenARecordHasTheWrongNumberOfValues() {
		// given
		String csv = "sourceUser,sourcePassword,destinationUser,destinationPassword\n"
				+ "a@old,pw,a@new,pw\n\n"
				+ "b@old,pw,b@new\n";

		// when
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> AccountsCsv.parse(csv, 100));

		// then
		assertThat(ex.violations()).containsExactly(new Violation("accounts", "line 4: expected 4 values, found 3"));
	}

	@Test
	void parseShouldNameTheLineWhenAQuotedFieldIsMalformed() {
		// given
		String csv = "sourceUser,sourcePassword,destinationUser,destinationPassword\n"
				+ "a@old,pw,a@new,pw\n"
				+ "b@old,\"pw\"x,b@new,pw\n";

		// when
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> AccountsCsv.parse(csv, 100));

		// then
		assertThat(ex.violations()).singleElement().satisfies(v -> {
			assertThat(v.field()).isEqualTo("accounts");
			assertThat(v.detail()).startsWith("line 3: malformed CSV");
			assertThat(v.detail()).doesNotContain("pw");
		});
	}

	@Test
	void parseShouldNameTheFirstDataLineWhenItIsMalformed() {
		// given
		String csv = "sourceUser,sourcePassword,destinationUser,destinationPassword\r\n\"a@old\"x,pw,a@new,pw\r\n";

		// when
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> AccountsCsv.parse(csv, 100));

		// then
		assertThat(ex.violations()).singleElement()
			.satisfies(v -> assertThat(v.detail()).startsWith("line 2: malformed CSV"));
	}

	@Test
	void parseShouldRefuseWhenHeaderHasAnUnknownColumn() {
		// given
		String csv = "sourceUser,password,destinationUser\na@old,pw,a@new\n";

		// when
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> AccountsCsv.parse(csv, 100));

		// then
		assertThat(ex.violations()).singleElement()
			.satisfies(v -> assertThat(v.detail()).startsWith("line 1: unknown column(s) [password]"));
	}

	@Test
	void parseShouldRefuseWhenThereIsNoAccount() {
		// when
		InvalidRequestException empty = catchThrowableOfType(InvalidRequestException.class,
				() -> AccountsCsv.parse("", 100));
		InvalidRequestException headerOnly = catchThrowableOfType(InvalidRequestException.class,
				() -> AccountsCsv.parse("sourceUser,destinationUser\r\n", 100));

		// then
		assertThat(empty.violations()).singleElement().satisfies(v -> assertThat(v.detail()).contains("header"));
		assertThat(headerOnly.violations()).singleElement()
			.satisfies(v -> assertThat(v.detail()).contains("no account"));
	}

	@Test
	void parseShouldRefuseWhenThereAreMoreAccountsThanAllowed() {
		// given
		String csv = "sourceUser,destinationUser\na@old,a@new\nb@old,b@new\nc@old,c@new\n";

		// when
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> AccountsCsv.parse(csv, 2));

		// then
		assertThat(ex.violations()).singleElement()
			.isEqualTo(new Violation("accounts", "line 4: a plan holds at most 2 accounts"));
	}

}
