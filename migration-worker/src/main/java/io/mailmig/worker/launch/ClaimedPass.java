package io.mailmig.worker.launch;

/**
 * A pass this worker now owns.
 *
 * @param passKey {@code <migrationId>/<pass>}
 * @param attempts how many times it has been claimed, this time included
 */
record ClaimedPass(String passKey, int attempts) {
}
