package io.mailmig.api.migration;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.mailmig.api.system.InvalidRequestException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** One mailbox: its state and progress, its report, and the commands an operator may give it. */
@RestController
class MigrationController {

	private final MigrationViews views;

	private final MigrationReports reports;

	private final MigrationCommands commands;

	MigrationController(MigrationViews views, MigrationReports reports, MigrationCommands commands) {
		this.views = views;
		this.reports = reports;
		this.commands = commands;
	}

	@GetMapping("/api/v1/plans/{planId}/migrations")
	List<MigrationView> ofPlan(@PathVariable UUID planId, @RequestParam(required = false) String state) {
		return this.views.ofPlan(planId, state == null || state.isBlank() ? null : state(state));
	}

	@GetMapping("/api/v1/migrations/{id}")
	MigrationView migration(@PathVariable UUID id) {
		return this.views.migration(id);
	}

	@GetMapping("/api/v1/migrations/{id}/report")
	MigrationReport report(@PathVariable UUID id) {
		return this.reports.report(id);
	}

	@PostMapping("/api/v1/migrations/{id}/restart")
	@ResponseStatus(HttpStatus.ACCEPTED)
	MigrationView restart(@PathVariable UUID id) {
		this.commands.restart(id);
		return this.views.migration(id);
	}

	@PostMapping("/api/v1/migrations/{id}/sync")
	@ResponseStatus(HttpStatus.ACCEPTED)
	MigrationView sync(@PathVariable UUID id) {
		this.commands.sync(id);
		return this.views.migration(id);
	}

	@PostMapping("/api/v1/migrations/{id}/cancel")
	@ResponseStatus(HttpStatus.ACCEPTED)
	MigrationView cancel(@PathVariable UUID id) {
		this.commands.cancel(id);
		return this.views.migration(id);
	}

	@PostMapping("/api/v1/migrations/{id}/cutover")
	@ResponseStatus(HttpStatus.ACCEPTED)
	MigrationView cutover(@PathVariable UUID id) {
		this.commands.cutover(id);
		return this.views.migration(id);
	}

	private static MigrationState state(String value) {
		try {
			return MigrationState.valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("state", "must be one of " + List.of(MigrationState.values()));
		}
	}

}
