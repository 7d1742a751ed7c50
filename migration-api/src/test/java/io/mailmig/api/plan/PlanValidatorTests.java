package io.mailmig.api.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.mailmig.api.plan.PlanRequest.AccountRequest;
import io.mailmig.api.plan.PlanRequest.EndpointRequest;
import io.mailmig.api.plan.PlanRequest.LoginRequest;
import io.mailmig.api.plan.PlanRequest.OptionsRequest;
import io.mailmig.api.system.InvalidRequestException;
import io.mailmig.api.system.Violation;
import io.mailmig.common.model.Security;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PlanValidatorTests {

	private final PlanValidator validator = new PlanValidator(Duration.ofMinutes(15), Duration.ofMinutes(1), 100);

	@Test
	void validateShouldBuildThePlanWhenRequestIsComplete() {
		// given
		PlanRequest request = new PlanRequest("mxplan-to-pro", endpoint("imap.old.example", 993, "TLS", null),
				endpoint("imap.new.example", null, "starttls", new LoginRequest("admin", "adminpw")),
				"SYNC_UNTIL_CUTOVER",
				new OptionsRequest(null, List.of("Junk"), "2024-01-31", "50MB", "5m", false), null, null);
		List<AccountInput> accounts = json(new AccountRequest("alice@old.example", "alicepw", "alice@new.example", null));

		// when
		NewPlan plan = this.validator.validate(request, accounts);

		// then
		assertThat(plan.name()).isEqualTo("mxplan-to-pro");
		assertThat(plan.mode()).isEqualTo(PlanMode.SYNC_UNTIL_CUTOVER);
		assertThat(plan.destination().security()).isEqualTo(Security.STARTTLS);
		assertThat(plan.destination().port()).isEqualTo(143);
		assertThat(plan.options().maxMessageSize()).isEqualTo(50L * 1024 * 1024);
		assertThat(plan.options().since()).isEqualTo(Instant.parse("2024-01-31T00:00:00Z"));
		assertThat(plan.options().excludeFolders()).containsExactly("Junk");
		assertThat(plan.syncInterval()).isEqualTo(Duration.ofMinutes(5));
		assertThat(plan.destinationMustBeEmpty()).isFalse();
		assertThat(plan.start()).isTrue();
		NewPlan.NewAccount account = plan.accounts().get(0);
		assertThat(account.sourceLogin().user()).isEqualTo("alice@old.example");
		assertThat(account.sourceLogin().authorizationId()).isNull();
		// no destination password: the administrator logs in and acts as the user
		assertThat(account.destinationLogin().user()).isEqualTo("admin");
		assertThat(account.destinationLogin().authorizationId()).isEqualTo("alice@new.example");
	}

	@Test
	void validateShouldNameEveryFieldAtFaultWhenRequestIsWrong() {
		// given
		PlanRequest request = new PlanRequest(" ", endpoint("", 70000, "SSL", null), null, "TWICE",
				new OptionsRequest(null, null, "yesterday", "fifty", "30s", null), false, null);
		List<AccountInput> accounts = json(new AccountRequest("alice@old", "pw", "alice@new", "pw"),
				new AccountRequest("bob@old", null, " ", "pw"), new AccountRequest("ALICE@old", "pw", "carol@new", "pw"));

		// when
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> this.validator.validate(request, accounts));

		// then
		assertThat(ex.violations()).extracting(Violation::field)
			.containsExactlyInAnyOrder("name", "source.host", "source.security", "source.port", "destination", "mode",
					"options.since", "options.maxMessageSize", "options.syncInterval", "accounts[1].destinationUser",
					"accounts[1].sourcePassword", "accounts[2].sourceUser");
		assertThat(ex.violations()).contains(new Violation("accounts[2].sourceUser", "duplicates accounts[0] (ALICE@old)"));
		assertThat(ex.violations()).allSatisfy(v -> assertThat(v.detail()).doesNotContain("pw"));
	}

	@Test
	void validateShouldNameTheCsvLineWhenAnAccountFromCsvIsWrong() {
		// given
		PlanRequest request = new PlanRequest("csv", endpoint("old", 993, null, null), endpoint("new", 993, null, null),
				null, null, null, null);
		List<AccountInput> accounts = List.of(
				AccountInput.csv(new AccountRequest("a@old", "pw", "a@new", "pw"), 0, 2),
				AccountInput.csv(new AccountRequest("b@old", "pw", "a@new", "pw"), 1, 7));

		// when
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> this.validator.validate(request, accounts));

		// then
		assertThat(ex.violations())
			.containsExactly(new Violation("accounts", "line 7: destinationUser duplicates line 2 (a@new)"));
	}

	@Test
	void validateShouldRefuseWhenThereIsNoAccount() {
		// given
		PlanRequest request = new PlanRequest("empty", endpoint("old", 993, null, null),
				endpoint("new", 993, null, null), null, null, null, null);

		// when
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> this.validator.validate(request, List.of()));

		// then
		assertThat(ex.violations()).containsExactly(new Violation("accounts", "at least one account is required"));
	}

	@Test
	void validateShouldRefuseAnAdminWithoutPassword() {
		// given
		PlanRequest request = new PlanRequest("admin", endpoint("old", 993, null, new LoginRequest("admin", "")),
				endpoint("new", 993, null, null), null, null, null, null);

		// when
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> this.validator.validate(request, json(new AccountRequest("a@old", null, "a@new", "pw"))));

		// then
		assertThat(ex.violations()).extracting(Violation::field)
			.containsExactlyInAnyOrder("source.admin.password", "accounts[0].sourcePassword");
	}

	private static EndpointRequest endpoint(String host, Integer port, String security, LoginRequest admin) {
		return new EndpointRequest(host, port, security, null, admin);
	}

	private static List<AccountInput> json(AccountRequest... accounts) {
		List<AccountInput> inputs = new ArrayList<>();
		for (AccountRequest account : accounts) {
			inputs.add(AccountInput.json(account, inputs.size()));
		}
		return inputs;
	}

}
