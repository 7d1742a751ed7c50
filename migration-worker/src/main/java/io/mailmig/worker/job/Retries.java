package io.mailmig.worker.job;

import java.util.function.Supplier;

import io.mailmig.common.imap.TransientImapException;
import io.mailmig.worker.system.WorkerProperties;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;

/**
 * Retries what fails transiently (connection lost, timeout, server busy) with exponential backoff;
 * everything else fails at once: a wrong password is tried once, not in a storm.
 */
@Component
public class Retries {

	private final RetryTemplate template;

	Retries(WorkerProperties properties) {
		this.template = new RetryTemplate(RetryPolicy.builder()
			.includes(TransientImapException.class)
			.maxRetries(properties.transientAttempts() - 1)
			.delay(properties.transientBackoff())
			.multiplier(2)
			.build());
	}

	/** Runs {@code action}, retrying transient failures; the last failure is rethrown as it was. */
	public <T> T retrying(Supplier<T> action) {
		try {
			return this.template.execute(action::get);
		}
		catch (RetryException ex) {
			Throwable last = ex.getCause();
			if (last instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (last instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(last);
		}
	}

}
