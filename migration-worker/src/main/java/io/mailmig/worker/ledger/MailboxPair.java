package io.mailmig.worker.ledger;

/**
 * The two mailboxes a ledger belongs to.
 *
 * @param sourceServer source {@code host:port}
 * @param sourceUser source mailbox (user name)
 * @param destinationServer destination {@code host:port}
 * @param destinationUser destination mailbox
 */
public record MailboxPair(String sourceServer, String sourceUser, String destinationServer, String destinationUser) {
}
