/**
 * Item events: the steps of an item on this box (RECEIVED, READY, STARTED, ENDED, FAILED, LATE), reported as
 * they happen so an emergency's live board is true while it is on air. Play logs say how a play went once it
 * is over; events say where the box stands now. They travel through the outbox like play logs.
 */
package org.openloa.edge.events;
