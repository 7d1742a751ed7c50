package io.mailmig.api.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.mailmig.api.plan.PlanRequest.AccountRequest;
import io.mailmig.api.system.InvalidRequestException;
import io.mailmig.api.system.Violation;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads the {@code accounts} CSV part of a plan (RFC 4180: quoted fields, doubled quotes, CRLF or LF
 * line ends; a UTF-8 byte order mark is ignored). The first line is the header, in any order and case:
 * {@code sourceUser,sourcePassword,destinationUser,destinationPassword}; the password columns may be
 * left out when the plan has an administrator login for that side. Problems name their line; none
 * quotes a value, since it may be a password.
 */
final class AccountsCsv {

	static final String FIELD = "accounts";

	static final String SOURCE_USER = "sourceUser";

	static final String SOURCE_PASSWORD = "sourcePassword";

	static final String DESTINATION_USER = "destinationUser";

	static final String DESTINATION_PASSWORD = "destinationPassword";

	private static final List<String> COLUMNS = List.of(SOURCE_USER, SOURCE_PASSWORD, DESTINATION_USER,
			DESTINATION_PASSWORD);

	private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
		.setHeader()
		.setSkipHeaderRecord(true)
		.setIgnoreEmptyLines(true)
		.setIgnoreSurroundingSpaces(true)
		.setIgnoreHeaderCase(true)
		.setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
		.get();

	private AccountsCsv() {
	}

	/**
	 * @param text the CSV part, decoded
	 * @param maxAccounts the most accounts allowed
	 * @throws InvalidRequestException naming the lines at fault
	 */
	static List<AccountInput> parse(String text, int maxAccounts) {
		String csv = (!text.isEmpty() && text.charAt(0) == '\uFEFF') ? text.substring(1) : text;
		Lines lines = new Lines(csv);
		List<Violation> violations = new ArrayList<>();
		List<AccountInput> accounts = new ArrayList<>();
		try (CSVParser parser = CSVParser.builder().setReader(new java.io.StringReader(csv)).setFormat(FORMAT).get()) {
			Map<String, String> header = header(parser.getHeaderNames());
			if (header.isEmpty()) {
				throw new InvalidRequestException(FIELD,
						"line 1: the header is missing: " + String.join(",", COLUMNS));
			}
			Iterator<CSVRecord> records = parser.iterator();
			while (true) {
				CSVRecord record;
				try {
					if (!records.hasNext()) {
						break;
					}
					record = records.next();
				}
				catch (UncheckedIOException ex) {
					// the parser cannot go past a malformed quoted field: report it with its line and stop
					violations.add(new Violation(FIELD, "line " + parser.getCurrentLineNumber()
							+ ": malformed CSV (" + reason(ex) + ")"));
					break;
				}
				int line = lines.lineOf(record.getCharacterPosition());
				if (!record.isConsistent()) {
					violations.add(new Violation(FIELD, "line " + line + ": expected " + header.size() + " values, found "
							+ record.size()));
					continue;
				}
				if (accounts.size() == maxAccounts) {
					violations.add(new Violation(FIELD, "line " + line + ": a plan holds at most " + maxAccounts
							+ " accounts"));
					break;
				}
				accounts.add(AccountInput.csv(new AccountRequest(value(record, header, SOURCE_USER),
						value(record, header, SOURCE_PASSWORD), value(record, header, DESTINATION_USER),
						value(record, header, DESTINATION_PASSWORD)), accounts.size(), line));
			}
		}
		catch (IOException | UncheckedIOException ex) {
			throw new InvalidRequestException(FIELD, "line 1: malformed CSV header (" + reason(ex) + ")");
		}
		catch (IllegalArgumentException ex) {
			// commons-csv refuses duplicate or empty header names this way
			throw new InvalidRequestException(FIELD, "line 1: " + ex.getMessage());
		}
		if (!violations.isEmpty()) {
			throw new InvalidRequestException(violations);
		}
		if (accounts.isEmpty()) {
			throw new InvalidRequestException(FIELD, "the CSV holds a header but no account");
		}
		return accounts;
	}

	/** Column name (lower case) to the name as written, checked against the known columns. */
	private static Map<String, String> header(List<String> names) {
		Map<String, String> header = new TreeMap<>();
		List<String> unknown = new ArrayList<>();
		for (String name : names) {
			String known = COLUMNS.stream().filter(c -> c.equalsIgnoreCase(name.trim())).findFirst().orElse(null);
			if (known == null) {
				unknown.add(name);
			}
			else {
				header.put(known.toLowerCase(Locale.ROOT), name);
			}
		}
		if (!unknown.isEmpty()) {
			throw new InvalidRequestException(FIELD, "line 1: unknown column(s) " + unknown + "; expected "
					+ String.join(",", COLUMNS));
		}
		for (String required : Arrays.asList(SOURCE_USER, DESTINATION_USER)) {
			if (!names.isEmpty() && !header.containsKey(required.toLowerCase(Locale.ROOT))) {
				throw new InvalidRequestException(FIELD, "line 1: the header has no " + required + " column");
			}
		}
		return header;
	}

	private static String value(CSVRecord record, Map<String, String> header, String column) {
		String name = header.get(column.toLowerCase(Locale.ROOT));
		if (name == null || !record.isSet(name)) {
			return null;
		}
		String value = record.get(name);
		return value.isEmpty() ? null : value;
	}

	private static String reason(Exception ex) {
		Throwable cause = (ex instanceof UncheckedIOException && ex.getCause() != null) ? ex.getCause() : ex;
		String message = cause.getMessage();
		// commons-csv says where, never what: "Invalid character between encapsulated token and delimiter at
		// line: 3, position: 17"; keep the what, the line is given by the caller
		if (message == null) {
			return "unreadable";
		}
		int at = message.indexOf(" at line");
		return (at > 0 ? message.substring(0, at) : message).replaceAll("[\\r\\n]+", " ");
	}

	/** Character offsets of line starts, to give each record the line it starts on. */
	private static final class Lines {

		private final int[] starts;

		private final String text;

		Lines(String text) {
			this.text = text;
			List<Integer> starts = new ArrayList<>();
			starts.add(0);
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
					starts.add(i + 1);
				}
			}
			this.starts = starts.stream().mapToInt(Integer::intValue).toArray();
		}

		int lineOf(long position) {
			// a record's position is where the parser began reading it, before the empty lines it skipped
			int start = (int) position;
			while (start < this.text.length() && (this.text.charAt(start) == '\r' || this.text.charAt(start) == '\n')) {
				start++;
			}
			int index = Arrays.binarySearch(this.starts, start);
			return (index >= 0 ? index : -index - 2) + 1;
		}

	}

}
