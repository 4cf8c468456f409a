/**
 * Notifications (thông báo): who is told of what happened in their areas, and how. An approver is told of a
 * submission, an editor of the decision on their bulletin, a commune's operators of an offer from above (TT39
 * inbox), operators and administrators of a box gone offline and of an emergency a box did not play.
 *
 * <p>{@link org.openloa.cms.notification.Notifier} listens to the owning modules' events and, in the transaction
 * that caused them, writes one row per recipient (the bell and the page) and the outbox rows for e-mail and area
 * webhooks; {@link org.openloa.cms.notification.Deliveries} sends the outbox afterwards, retrying, so a slow mail
 * server or webhook never holds up the request. Each user picks the kinds they get and which also come by e-mail.
 */
package org.openloa.cms.notification;
