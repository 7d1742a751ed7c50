package io.mailmig.api.plan;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.mailmig.api.plan.NewPlan.NewAccount;
import io.mailmig.api.plan.PlanRequest.AccountRequest;
import io.mailmig.api.plan.PlanRequest.EndpointRequest;
import io.mailmig.api.plan.PlanRequest.LoginRequest;
import io.mailmig.api.plan.PlanRequest.OptionsRequest;
import io.mailmig.api.system.InvalidRequestException;
import io.mailmig.api.system.Violation;
import io.mailmig.common.model.Credentials;
import io.mailmig.common.model.ImapEndpoint;
import io.mailmig.common.model.MigrationOptions;
import io.mailmig.common.model.Security;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * Turns a {@link PlanRequest} into a {@link NewPlan}, or reports every problem at once with the field
 * at fault, so that a client fixes a plan in one round trip. No problem quotes a password.
 */
final class PlanValidator {

	private static final int MAX_NAME = 200;

	private final Duration defaultSyncInterval;

	private final Duration minSyncInterval;

	private final int maxAccounts;

	PlanValidator(Duration defaultSyncInterval, Duration minSyncInterval, int maxAccounts) {
		this.defaultSyncInterval = defaultSyncInterval;
		this.minSyncInterval = minSyncInterval;
		this.maxAccounts = maxAccounts;
	}

	/**
	 * @param request the plan as received
	 * @param accounts its accounts: from the request's JSON, or from a CSV part
	 * @throws InvalidRequestException naming every field at fault
	 */
	NewPlan validate(PlanRequest request, List<AccountInput> accounts) {
		List<Violation> violations = new ArrayList<>();
		String name = request.name() == null ? null : request.name().trim();
		if (name == null || name.isEmpty()) {
			violations.add(new Violation("name", "must not be blank"));
		}
		else if (name.length() > MAX_NAME) {
			violations.add(new Violation("name", "must be at most " + MAX_NAME + " characters"));
		}
		ImapEndpoint source = endpoint("source", request.source(), violations);
		ImapEndpoint destination = endpoint("destination", request.destination(), violations);
		Credentials sourceAdmin = admin("source", request.source(), violations);
		Credentials destinationAdmin = admin("destination", request.destination(), violations);
		PlanMode mode = parseEnum("mode", request.mode(), PlanMode.class, PlanMode.ONE_SHOT, violations);
		OptionsRequest options = request.options() != null ? request.options()
				: new OptionsRequest(null, null, null, null, null, null);
		MigrationOptions migrationOptions = options(options, violations);
		Duration syncInterval = syncInterval(options.syncInterval(), violations);
		List<NewAccount> newAccounts = accounts(accounts, sourceAdmin, destinationAdmin, violations);
		if (!violations.isEmpty()) {
			throw new InvalidRequestException(violations);
		}
		return new NewPlan(name, mode, source, destination, migrationOptions, syncInterval,
				options.destinationMustBeEmpty() == null || options.destinationMustBeEmpty(),
				request.start() == null || request.start(), newAccounts);
	}

	private static ImapEndpoint endpoint(String field, EndpointRequest endpoint, List<Violation> violations) {
		if (endpoint == null) {
			violations.add(new Violation(field, "is required"));
			return null;
		}
		int before = violations.size();
		String host = endpoint.host() == null ? "" : endpoint.host().trim();
		if (host.isEmpty()) {
			violations.add(new Violation(field + ".host", "must not be blank"));
		}
		else if (!host.matches("[A-Za-z0-9.\\-:\\[\\]_]+")) {
			violations.add(new Violation(field + ".host", "must be a host name or an IP address"));
		}
		Security security = parseEnum(field + ".security", endpoint.security(), Security.class, Security.TLS,
				violations);
		int port = endpoint.port() != null ? endpoint.port() : (security == Security.TLS ? 993 : 143);
		if (port < 1 || port > 65535) {
			violations.add(new Violation(field + ".port", "must be between 1 and 65535"));
		}
		String pem = endpoint.trustedCertificatePem();
		if (pem != null && !pem.isBlank() && !pem.contains("-----BEGIN CERTIFICATE-----")) {
			violations.add(new Violation(field + ".trustedCertificatePem", "must be a PEM certificate"));
		}
		if (violations.size() > before) {
			return null;
		}
		return new ImapEndpoint(host, port, security, pem);
	}

	private static Credentials admin(String field, EndpointRequest endpoint, List<Violation> violations) {
		if (endpoint == null || endpoint.admin() == null) {
			return null;
		}
		LoginRequest admin = endpoint.admin();
		boolean valid = true;
		if (isBlank(admin.user())) {
			violations.add(new Violation(field + ".admin.user", "must not be blank"));
			valid = false;
		}
		if (admin.password() == null || admin.password().isEmpty()) {
			violations.add(new Violation(field + ".admin.password", "must not be empty"));
			valid = false;
		}
		return valid ? new Credentials(admin.user().trim(), admin.password()) : null;
	}

	private static MigrationOptions options(OptionsRequest options, List<Violation> violations) {
		List<String> include = folders("options.includeFolders", options.includeFolders(), violations);
		List<String> exclude = folders("options.excludeFolders", options.excludeFolders(), violations);
		Instant since = null;
		if (!isBlank(options.since())) {
			since = instant(options.since().trim());
			if (since == null) {
				violations.add(new Violation("options.since",
						"must be an ISO-8601 instant (2024-01-31T00:00:00Z) or date (2024-01-31)"));
			}
		}
		Long maxMessageSize = null;
		if (!isBlank(options.maxMessageSize())) {
			try {
				maxMessageSize = DataSize.parse(options.maxMessageSize().trim()).toBytes();
				if (maxMessageSize <= 0) {
					violations.add(new Violation("options.maxMessageSize", "must be positive"));
					maxMessageSize = null;
				}
			}
			catch (IllegalArgumentException ex) {
				violations.add(new Violation("options.maxMessageSize", "must be a size such as 50MB, 512KB or 1048576"));
			}
		}
		return new MigrationOptions(include, exclude, since, maxMessageSize);
	}

	private static List<String> folders(String field, List<String> folders, List<Violation> violations) {
		if (folders == null) {
			return List.of();
		}
		List<String> names = new ArrayList<>();
		for (int i = 0; i < folders.size(); i++) {
			if (isBlank(folders.get(i))) {
				violations.add(new Violation(field + "[" + i + "]", "must not be blank"));
			}
			else {
				names.add(folders.get(i).trim());
			}
		}
		return names;
	}

	private Duration syncInterval(String value, List<Violation> violations) {
		if (isBlank(value)) {
			return this.defaultSyncInterval;
		}
		try {
			Duration interval = DurationStyle.detectAndParse(value.trim());
			if (interval.compareTo(this.minSyncInterval) < 0) {
				violations.add(new Violation("options.syncInterval",
						"must be at least " + DurationStyle.SIMPLE.print(this.minSyncInterval)));
			}
			return interval;
		}
		catch (IllegalArgumentException ex) {
			violations.add(new Violation("options.syncInterval", "must be a duration such as 15m or PT15M"));
			return this.defaultSyncInterval;
		}
	}

	private List<NewAccount> accounts(List<AccountInput> accounts, Credentials sourceAdmin,
			Credentials destinationAdmin, List<Violation> violations) {
		if (accounts == null || accounts.isEmpty()) {
			violations.add(new Violation("accounts", "at least one account is required"));
			return List.of();
		}
		if (accounts.size() > this.maxAccounts) {
			violations.add(new Violation("accounts", "a plan holds at most " + this.maxAccounts + " accounts"));
			return List.of();
		}
		List<NewAccount> valid = new ArrayList<>();
		Map<String, AccountInput> sources = new HashMap<>();
		Map<String, AccountInput> destinations = new HashMap<>();
		for (AccountInput input : accounts) {
			AccountRequest account = input.account();
			int before = violations.size();
			String sourceUser = user(input, "sourceUser", account.sourceUser(), violations);
			String destinationUser = user(input, "destinationUser", account.destinationUser(), violations);
			duplicate(input, "sourceUser", sourceUser, sources, violations);
			duplicate(input, "destinationUser", destinationUser, destinations, violations);
			Credentials sourceLogin = login(input, "sourcePassword", sourceUser, account.sourcePassword(), sourceAdmin,
					"source", violations);
			Credentials destinationLogin = login(input, "destinationPassword", destinationUser,
					account.destinationPassword(), destinationAdmin, "destination", violations);
			if (violations.size() == before) {
				valid.add(new NewAccount(sourceUser, sourceLogin, destinationUser, destinationLogin));
			}
		}
		return valid;
	}

	private static String user(AccountInput input, String property, String value, List<Violation> violations) {
		if (isBlank(value)) {
			violations.add(input.violation(property, "must not be blank"));
			return null;
		}
		String user = value.trim();
		if (user.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
			violations.add(input.violation(property, "must not contain spaces or control characters"));
			return null;
		}
		return user;
	}

	/** The same mailbox twice in one plan would be copied twice, or two mailboxes merged by mistake. */
	private static void duplicate(AccountInput input, String property, String user, Map<String, AccountInput> seen,
			List<Violation> violations) {
		if (user == null) {
			return;
		}
		AccountInput first = seen.putIfAbsent(user.toLowerCase(Locale.ROOT), input);
		if (first != null) {
			violations.add(input.violation(property, "duplicates " + first.place() + " (" + user + ")"));
		}
	}

	private static Credentials login(AccountInput input, String property, String user, String password,
			Credentials admin, String side, List<Violation> violations) {
		if (user == null) {
			return null;
		}
		if (password != null && !password.isEmpty()) {
			return new Credentials(user, password);
		}
		if (admin != null) {
			// the administrator logs in and acts as the user (SASL PLAIN authorization identity)
			return new Credentials(admin.user(), admin.password(), user);
		}
		violations.add(input.violation(property, "is required unless the " + side + " has an admin login"));
		return null;
	}

	private static Instant instant(String value) {
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			catch (DateTimeParseException ex2) {
				return null;
			}
		}
	}

	private static <E extends Enum<E>> E parseEnum(String field, String value, Class<E> type, E defaultValue,
			List<Violation> violations) {
		if (isBlank(value)) {
			return defaultValue;
		}
		try {
			return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			List<String> allowed = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
			violations.add(new Violation(field, "must be one of " + String.join(", ", allowed)));
			return defaultValue;
		}
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
