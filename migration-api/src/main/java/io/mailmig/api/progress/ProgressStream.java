package io.mailmig.api.progress;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.mailmig.api.system.ApiProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams of plans: each client of {@code GET /api/v1/plans/{id}/events} gets a
 * {@code progress} event for every worker event applied to a migration of that plan. Streams are local
 * to this api instance: a client sees the events this instance's listener applies.
 */
@Component
public class ProgressStream {

	private static final Logger log = LoggerFactory.getLogger(ProgressStream.class);

	private final Map<UUID, Set<SseEmitter>> emitters = new ConcurrentHashMap<>();

	private final long timeoutMillis;

	ProgressStream(ApiProperties properties) {
		this.timeoutMillis = properties.sseTimeout().toMillis();
	}

	/**
	 * Opens a stream for a plan, whose first event ({@code plan}) is the given snapshot.
	 * @param planId the plan
	 * @param snapshot the plan as it is now
	 */
	public SseEmitter subscribe(UUID planId, Object snapshot) {
		SseEmitter emitter = new SseEmitter(this.timeoutMillis);
		Set<SseEmitter> streams = this.emitters.computeIfAbsent(planId, id -> ConcurrentHashMap.newKeySet());
		streams.add(emitter);
		Runnable remove = () -> streams.remove(emitter);
		emitter.onCompletion(remove);
		emitter.onTimeout(() -> {
			// end the stream normally: the client reconnects (EventSource does by itself)
			remove.run();
			emitter.complete();
		});
		emitter.onError(ex -> remove.run());
		try {
			emitter.send(SseEmitter.event().name("plan").data(snapshot));
		}
		catch (IOException ex) {
			remove.run();
			emitter.completeWithError(ex);
		}
		return emitter;
	}

	void publish(ProgressUpdate update) {
		Set<SseEmitter> streams = this.emitters.get(update.planId());
		if (streams == null) {
			return;
		}
		for (SseEmitter emitter : streams) {
			try {
				emitter.send(SseEmitter.event().name("progress").data(update));
			}
			catch (IOException | IllegalStateException ex) {
				// the client went away: forget it
				log.debug("Server-sent events client of plan {} gone: {}", update.planId(), ex.getMessage());
				streams.remove(emitter);
			}
		}
	}

}
