package io.mailmig.api.plan;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.mailmig.api.migration.MigrationCommands;
import io.mailmig.api.progress.ProgressStream;
import io.mailmig.api.system.ApiProperties;
import io.mailmig.api.system.InvalidRequestException;
import io.mailmig.api.system.JsonViolations;
import jakarta.servlet.http.Part;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Migration plans: create (JSON, or JSON and a CSV of accounts), read, and plan-wide commands. */
@RestController
class PlanController {

	private final PlanCreation creation;

	private final PlanViews views;

	private final MigrationCommands commands;

	private final JsonMapper json;

	private final ProgressStream stream;

	private final int maxAccounts;

	PlanController(PlanCreation creation, PlanViews views, MigrationCommands commands, JsonMapper json,
			ProgressStream stream, ApiProperties properties) {
		this.stream = stream;
		this.creation = creation;
		this.views = views;
		this.commands = commands;
		this.json = json;
		this.maxAccounts = properties.maxAccountsPerPlan();
	}

	@PostMapping(path = "/api/v1/plans", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<PlanView> create(@RequestBody PlanRequest plan) {
		List<AccountInput> accounts = new ArrayList<>();
		if (plan.accounts() != null) {
			for (int i = 0; i < plan.accounts().size(); i++) {
				if (plan.accounts().get(i) == null) {
					throw new InvalidRequestException("accounts[" + i + "]", "must not be null");
				}
				accounts.add(AccountInput.json(plan.accounts().get(i), i));
			}
		}
		return created(this.creation.create(plan, accounts));
	}

	/**
	 * The plan as a JSON part named {@code plan} and its accounts as a CSV part named {@code accounts}
	 * ({@code curl -F plan=@plan.json -F accounts=@accounts.csv}): parts are read whatever content type
	 * the client gave them.
	 */
	@PostMapping(path = "/api/v1/plans", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<PlanView> createWithCsv(@RequestPart("plan") Part planPart,
			@RequestPart("accounts") Part accountsPart) throws IOException {
		PlanRequest plan;
		try (InputStream in = planPart.getInputStream()) {
			plan = this.json.readValue(in, PlanRequest.class);
		}
		catch (JacksonException ex) {
			throw new InvalidRequestException(List.of(JsonViolations.of(ex, "plan")));
		}
		if (plan == null) {
			throw new InvalidRequestException("plan", "a JSON plan is required");
		}
		if (plan.accounts() != null && !plan.accounts().isEmpty()) {
			throw new InvalidRequestException("plan.accounts",
					"give the accounts either in the plan or in the accounts CSV part, not both");
		}
		String csv;
		try (InputStream in = accountsPart.getInputStream()) {
			csv = new String(in.readAllBytes(), charset(accountsPart));
		}
		return created(this.creation.create(plan, AccountsCsv.parse(csv, this.maxAccounts)));
	}

	@GetMapping("/api/v1/plans/{id}")
	PlanView plan(@PathVariable UUID id) {
		return this.views.plan(id);
	}

	/** Server-sent events: {@code plan} (the plan now), then a {@code progress} event per worker event. */
	@GetMapping(path = "/api/v1/plans/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@PathVariable UUID id) {
		return this.stream.subscribe(id, this.views.plan(id));
	}

	@PostMapping("/api/v1/plans/{id}/start")
	@ResponseStatus(HttpStatus.ACCEPTED)
	PlanView start(@PathVariable UUID id) {
		this.commands.startPlan(id);
		return this.views.plan(id);
	}

	@PostMapping("/api/v1/plans/{id}/restart-failed")
	@ResponseStatus(HttpStatus.ACCEPTED)
	PlanView restartFailed(@PathVariable UUID id) {
		this.commands.restartFailed(id);
		return this.views.plan(id);
	}

	@PostMapping("/api/v1/plans/{id}/cancel")
	@ResponseStatus(HttpStatus.ACCEPTED)
	PlanView cancel(@PathVariable UUID id) {
		this.commands.cancelPlan(id);
		return this.views.plan(id);
	}

	private ResponseEntity<PlanView> created(UUID planId) {
		URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/plans/{id}").buildAndExpand(planId).toUri();
		return ResponseEntity.created(location).body(this.views.plan(planId));
	}

	private static Charset charset(Part part) {
		try {
			MediaType type = part.getContentType() == null ? null : MediaType.parseMediaType(part.getContentType());
			return (type != null && type.getCharset() != null) ? type.getCharset() : StandardCharsets.UTF_8;
		}
		catch (RuntimeException ex) {
			return StandardCharsets.UTF_8;
		}
	}

}
