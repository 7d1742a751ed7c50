package io.mailmig.common.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Several commands of one kind in one round trip (RFC 3501 §5.5): all are written, then the replies
 * are read. A server answers pipelined commands in order, so the untagged responses read before a
 * command's tagged reply are that command's. Only for commands without synchronizing literals.
 */
final class Pipeline {

	private Pipeline() {
	}

	/** @return each command's responses, its tagged reply last, in the order of {@code arguments} */
	static List<Response[]> run(IMAPProtocol protocol, String command, List<Argument> arguments)
			throws IOException, ProtocolException {
		return run(protocol, arguments.stream().map(a -> new Command(command, a)).toList());
	}

	/** Commands of different kinds, run in order; same answer as {@link #run(IMAPProtocol, String, List)}. */
	static List<Response[]> run(IMAPProtocol protocol, List<Command> commands) throws IOException, ProtocolException {
		Map<String, Integer> pending = new HashMap<>();
		for (int i = 0; i < commands.size(); i++) {
			pending.put(protocol.writeCommand(commands.get(i).command(), commands.get(i).arguments()), i);
		}
		Response[][] replies = new Response[commands.size()][];
		List<Response> untagged = new ArrayList<>();
		while (!pending.isEmpty()) {
			Response response = protocol.readResponse();
			if (response.isBYE()) {
				throw new ConnectionException(protocol, response);
			}
			Integer index = response.isTagged() ? pending.remove(response.getTag()) : null;
			if (index == null) {
				untagged.add(response);
				continue;
			}
			untagged.add(response);
			replies[index] = untagged.toArray(Response[]::new);
			untagged.clear();
		}
		return List.of(replies);
	}

	/** One command line: the command, with its arguments or none. */
	record Command(String command, Argument arguments) {
	}

}
