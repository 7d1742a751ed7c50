package io.mailmig.standalone;

/**
 * What the services run on: the embedded PostgreSQL and Kafka, and the installation's secrets.
 *
 * @param database PostgreSQL, one database per service
 * @param kafka the KRaft node
 * @param secrets the encryption key and operator token
 */
record Infrastructure(EmbeddedDatabase database, EmbeddedKafka kafka, Secrets secrets) {

	static final String API_DATABASE = "mailmig_api";

	static final String WORKER_DATABASE = "mailmig_worker";

}
