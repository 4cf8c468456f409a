/**
 * The durable outbox: what a module has promised to send somewhere else (an e-mail, a webhook, a push to the
 * upstream) is a row written in the transaction that made it true, and is sent afterwards, at least once, with a
 * growing wait after each failure. {@link org.openloa.cms.outbox.OutboxTable} takes due rows under a lease (one
 * conditional update, so several nodes share the rows without a lock and a node that dies lets its leases run
 * out) and records each outcome; {@link org.openloa.cms.outbox.Retries} says when a failed row is tried again and
 * whether it is ever given up; {@link org.openloa.cms.outbox.Sweeper} sends the due rows on a timer of its own.
 *
 * <p>The package owns no table: each owner (the notifications' deliveries, the exchange's pushes) keeps its own,
 * writes its rows, and names its table and columns here. What a row is and how it is sent stay with the owner.
 */
package org.openloa.cms.outbox;
