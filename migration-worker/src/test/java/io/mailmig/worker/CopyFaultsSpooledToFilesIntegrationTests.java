package io.mailmig.worker;

import org.springframework.test.context.TestPropertySource;

/**
 * The same failures with no memory for large messages ({@code spool-memory: 0}): every message over the
 * in-memory limit goes through a temporary file, as on a worker whose budget is full, and a large message
 * altered on its way is caught by SHA-256 instead of byte for byte (ADR 10).
 */
@TestPropertySource(properties = "mailmig.worker.spool-memory=0")
class CopyFaultsSpooledToFilesIntegrationTests extends CopyFaultsIntegrationTests {

}
