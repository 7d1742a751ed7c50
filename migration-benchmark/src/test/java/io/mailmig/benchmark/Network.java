package io.mailmig.benchmark;

import java.time.Duration;

import io.mailmig.common.testing.DelayProxy;
import io.mailmig.common.testing.DovecotServer;

/**
 * How clients reach the two servers: straight to their ports, or, with a round trip to model, through a
 * {@link DelayProxy} in front of each (half the round trip each way).
 */
final class Network implements AutoCloseable {

	private final DelayProxy sourceLink;

	private final DelayProxy destinationLink;

	private final int sourcePort;

	private final int destinationPort;

	private Network(DovecotServer source, DovecotServer destination, int rttMillis) {
		if (rttMillis > 0) {
			Duration oneWay = Duration.ofMillis(rttMillis).dividedBy(2);
			this.sourceLink = DelayProxy.start("127.0.0.1", source.port(), oneWay);
			this.destinationLink = DelayProxy.start("127.0.0.1", destination.port(), oneWay);
			this.sourcePort = this.sourceLink.port();
			this.destinationPort = this.destinationLink.port();
		}
		else {
			this.sourceLink = null;
			this.destinationLink = null;
			this.sourcePort = source.port();
			this.destinationPort = destination.port();
		}
	}

	static Network between(DovecotServer source, DovecotServer destination, int rttMillis) {
		return new Network(source, destination, rttMillis);
	}

	int sourcePort() {
		return this.sourcePort;
	}

	int destinationPort() {
		return this.destinationPort;
	}

	@Override
	public void close() {
		if (this.sourceLink != null) {
			this.sourceLink.close();
			this.destinationLink.close();
		}
	}

}
