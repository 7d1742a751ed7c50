package io.mailmig.standalone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the launcher was asked to do, from its arguments and environment.
 *
 * @param dataDirectory where PostgreSQL, Kafka, the encryption key and the api token live
 * ({@code --data-dir=}, else {@code MAILMIG_DATA_DIR}, else {@code ./data})
 * @param demo whether to start the two demo IMAP servers ({@code --demo})
 * @param demoMessages messages per demo account in the demo source ({@code --demo-messages=})
 * @param demoSourcePort the demo source's IMAP port, 0 for any free one ({@code --demo-source-port=})
 * @param demoDestinationPort the demo destination's IMAP port, 0 for any free one
 * ({@code --demo-destination-port=})
 * @param springArguments every other {@code --name=value}, passed to both the api and the worker
 * (e.g. {@code --mailmig.worker.max-concurrent-passes=8})
 */
record LaunchOptions(Path dataDirectory, boolean demo, int demoMessages, int demoSourcePort,
		int demoDestinationPort, List<String> springArguments) {

	static final String USAGE = """
			Usage: java -jar mailmig-standalone.jar [--data-dir=DIR] [--demo [--demo-messages=N]] [--name=value…]
			  --data-dir=DIR         where PostgreSQL, Kafka, the encryption key and the api token live
			                         (default: $MAILMIG_DATA_DIR, else ./data)
			  --demo                 also start two IMAP servers on loopback (source with sample mail,
			                         empty destination; users alice/alice-pw and bob/bob-pw on both)
			  --demo-messages=N      messages per account in the demo source (default 40)
			  --demo-source-port=P, --demo-destination-port=P  (default 3143 and 4143; 0: any free port)
			  --name=value           any Spring property, passed to the api and the worker
			Environment: SERVER_PORT (api port, default 8080), MAILMIG_DATA_DIR, MAILMIG_API_TOKEN.""";

	LaunchOptions {
		if (demoMessages < 0) {
			throw new IllegalArgumentException("--demo-messages must not be negative");
		}
		springArguments = List.copyOf(springArguments);
	}

	static LaunchOptions parse(String[] args, Map<String, String> environment) {
		Path dataDirectory = Path.of(environment.getOrDefault("MAILMIG_DATA_DIR", "data"));
		boolean demo = false;
		int demoMessages = 40;
		int sourcePort = 3143;
		int destinationPort = 4143;
		List<String> spring = new ArrayList<>();
		for (String arg : args) {
			String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
			String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
			switch (name) {
				case "--data-dir" -> dataDirectory = Path.of(required(name, value));
				case "--demo" -> demo = true;
				case "--demo-messages" -> demoMessages = number(name, value);
				case "--demo-source-port" -> sourcePort = number(name, value);
				case "--demo-destination-port" -> destinationPort = number(name, value);
				default -> {
					if (!arg.startsWith("--") || value == null) {
						throw new IllegalArgumentException("unknown argument: " + arg);
					}
					spring.add(arg);
				}
			}
		}
		return new LaunchOptions(dataDirectory.toAbsolutePath().normalize(), demo, demoMessages, sourcePort,
				destinationPort, spring);
	}

	private static String required(String name, String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " needs a value: " + name + "=…");
		}
		return value;
	}

	private static int number(String name, String value) {
		try {
			return Integer.parseInt(required(name, value));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a number, not " + value);
		}
	}

}
