package io.mailmig.standalone;

/** What the launcher prints once everything is up: where the token is and how to try the service. */
final class Banner {

	private Banner() {
	}

	static String text(Secrets secrets, int apiPort, DemoMailServers demo) {
		String api = "http://localhost:" + apiPort;
		StringBuilder text = new StringBuilder("\n");
		if (secrets.tokenFile() == null) {
			text.append("Operator API token: from MAILMIG_API_TOKEN\n");
		}
		else if (secrets.tokenCreated()) {
			text.append("Operator API token (new, saved in ").append(secrets.tokenFile()).append("):\n  ")
				.append(secrets.apiToken())
				.append('\n');
		}
		else {
			text.append("Operator API token: in ").append(secrets.tokenFile()).append('\n');
		}
		text.append("API: ").append(api).append("/api/v1  (OpenAPI: ").append(api).append("/v3/api-docs)\n");
		if (demo != null) {
			text.append(tryIt(api, demo, secrets.tokenFile() == null ? "$MAILMIG_API_TOKEN" : null,
					secrets.tokenFile() == null ? null : secrets.tokenFile().toString()));
		}
		return text.toString();
	}

	private static String tryIt(String api, DemoMailServers demo, String tokenVariable, String tokenFile) {
		String token = tokenFile != null ? "$(cat " + tokenFile + ")" : tokenVariable;
		return """

				Try it (demo IMAP servers: source 127.0.0.1:%d, destination 127.0.0.1:%d, users alice/alice-pw and bob/bob-pw):
				  TOKEN=%s
				  curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' %s/api/v1/plans -d '%s'
				  curl -s -H "Authorization: Bearer $TOKEN" %s/api/v1/plans/<id from the answer>
				""".formatted(demo.sourcePort(), demo.destinationPort(), token, api, demoPlan(demo), api);
	}

	/** The plan that migrates every demo account from the demo source to the demo destination. */
	static String demoPlan(DemoMailServers demo) {
		return demoPlan(demo.sourcePort(), demo.destinationPort());
	}

	static String demoPlan(int sourcePort, int destinationPort) {
		StringBuilder accounts = new StringBuilder();
		for (DemoMailServers.Account account : DemoMailServers.ACCOUNTS) {
			accounts.append(accounts.isEmpty() ? "" : ",")
				.append("{\"sourceUser\":\"%s\",\"sourcePassword\":\"%s\",\"destinationUser\":\"%s\",\"destinationPassword\":\"%s\"}"
					.formatted(account.user(), account.password(), account.user(), account.password()));
		}
		return ("{\"name\":\"demo\",\"source\":{\"host\":\"127.0.0.1\",\"port\":%d,\"security\":\"NONE\"},"
				+ "\"destination\":{\"host\":\"127.0.0.1\",\"port\":%d,\"security\":\"NONE\"},"
				+ "\"mode\":\"ONE_SHOT\",\"start\":true,\"accounts\":[%s]}")
			.formatted(sourcePort, destinationPort, accounts);
	}

}
